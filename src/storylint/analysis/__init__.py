"""Analysis: the NLP layer and the extractors that turn text into facts."""
