"""The curated topic pages: front matter, quotes verified against the seeds, figures and the glossary."""
