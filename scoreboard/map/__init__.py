"""The command map (一张图) for staff, its charts, and the public map's grid popups.

Staff see grid boundaries coloured by a KPI or a ranking score, markers for
stations, patrol points, open reports and active mediation cases, and monthly
charts. Every payload is cut to the viewer's scope (grids.access, reports.access,
mediation.access) and carries no personal data of residents or parties: reports
and cases appear as category, status, age and a link to their staff page.
"""
