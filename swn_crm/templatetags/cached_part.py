"""`{% cachedpart key %}...{% endcachedpart %}`: a part of a page kept in the exact page cache.

`key` comes from `swn_crm.pagecache.key()` in the view (falsy: render, do not cache). What the
part shows can be computed only when it is not in the cache: a view puts a callable returning
that context under `page_context`, and the tag calls it on a miss. Unlike
Django's `{% cache %}`, the part may hold forms: a CSRF token is personal and changes at every
login, so the part is rendered with a placeholder in its place and the token of the request
that reads it is put back on the way out. Messages, and anything else that is not determined
by the key (a list's paging is: the key holds the query string), must stay outside the part.
"""

from django import template
from django.utils.safestring import mark_safe

from swn_crm import pagecache

register = template.Library()


class CachedPartNode(template.Node):
    def __init__(self, nodelist, key):
        self.nodelist = nodelist
        self.key = key

    def render(self, context):
        key = self.key.resolve(context)
        if not key:
            return self.render_part(context)
        placeholder = pagecache.csrf_placeholder()
        html = pagecache.get_or_render(key, lambda: self.render_part(context, csrf_token=placeholder))
        if placeholder in html:
            # The lazy token of the context processor: reading it also makes the middleware set the cookie.
            html = html.replace(placeholder, str(context.get("csrf_token", "")))
        return mark_safe(html)

    def render_part(self, context, **extra):
        page_context = context.get("page_context")
        with context.push(**extra, **(page_context() if page_context else {})):
            return self.nodelist.render(context)


@register.tag
def cachedpart(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes one argument: the cache key")
    nodelist = parser.parse(("endcachedpart",))
    parser.delete_first_token()
    return CachedPartNode(nodelist, parser.compile_filter(bits[1]))
