"""Assemble the nominations' documents from the database and build them.

One module per document: ``attachment1`` (推荐申报审批表), ``summary`` (Attachment 2,
推荐人选汇总表) and ``check`` (初审情况汇总). Every export starts from
``nominations_visible_to(user)``; ``user=None`` is the operator on the command
line, who sees everything. The builders themselves are in
``nominations.documents``; this package never imports openpyxl or reportlab.
"""
