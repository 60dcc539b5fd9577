"""The case folder: ``load`` reads case.toml, ``scan`` walks and sniffs the files, ``scaffold`` is ``init``.

Imports only the shared values (models, errors, _io); every stage reads the case through here.
"""
