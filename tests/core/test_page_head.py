"""Every page says what the site is to search engines and shows its icon in the tab."""


def test_favicon_is_served_where_browsers_look_for_it(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response.mimetype == "image/x-icon"
    assert response.data[:4] == b"\x00\x00\x01\x00"  # the ICO signature
    assert response.cache_control.max_age >= 86400


def test_pages_have_a_description_and_an_icon_in_both_languages(client):
    for path in ("/", "/calendar", "/login"):
        arabic = client.get(path + "?lang=ar").get_data(as_text=True)
        english = client.get(path + "?lang=en").get_data(as_text=True)
        assert '<meta name="description" content="أسواق الجمعة' in arabic
        assert '<meta name="description" content="Friday markets' in english
        assert 'rel="icon"' in arabic and "img/icon.svg" in arabic
