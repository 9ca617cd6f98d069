"""The relationship page: layout and drawing."""

#: a page draws at most this many articles, the latest: a page of more is more than a browser shows
#: usefully, and than a build should hold in memory to draw it (kg query and kg serve answer from all)
PAGE_ARTICLES = 1000
