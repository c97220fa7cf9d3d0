"""The traditional-crafts register (issue 18): refined crafts, who practises them where,
their public pages, their admin pages and the partners' register export."""
