"""Turns source documents about large language models into curated explainer pages."""
