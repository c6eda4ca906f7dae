"""Questions about the archive itself: which articles, what one says, who is in them,
what happened when. The catalog (catalog.py) is the articles' own text indexed once per
snapshot; the list tools (tools/article_list.py and the others) read it."""
