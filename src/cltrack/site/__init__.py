"""The static progress site (`cltrack site`): build.py gathers the figures, pages.py and target_page.py
turn them into pages through jinja2 templates, charts.py draws them as inline SVG."""
