"""Reading the source documents: the manifest, decoding and page chrome, cleaning and corrections, and suggestions for new transcripts."""
