"""Rendering the generated Markdown and data: topic, source and cross-site pages, the rubric and change pages, claims.json and links.json."""
