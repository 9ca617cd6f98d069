"""Everything that becomes an Article: text files, records, saved web pages, web addresses, feeds
and web archives (sources.py reads them all as one stream)."""
