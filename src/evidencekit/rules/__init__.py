"""Rules as data: platform rules and law (``platforms/*.toml``), deadlines, submission profiles.

Pure lookups over packaged TOML; imports only the shared values.
"""
