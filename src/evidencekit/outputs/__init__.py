"""What the buyer sends besides the dossier: ``letter`` (seller and platform texts), ``pack`` (upload images).

May import ``dossier`` (exhibit numbering and fitting), ``rules``, ``case`` and the shared values.
"""
