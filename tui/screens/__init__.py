"""The chat's screens: the conversation, an article, the sources of a reply."""
