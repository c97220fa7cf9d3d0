"""Cross-cutting pieces every feature uses: access rules, errors, i18n, parsing."""
