"""The visitors' calendar: month and list views, event pages and iCalendar feeds."""
