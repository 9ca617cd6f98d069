"""Everything that becomes an Article: text files, records, web pages."""
