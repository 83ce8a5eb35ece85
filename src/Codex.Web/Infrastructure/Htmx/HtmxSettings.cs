using Htmx.TagHelpers;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Codex.Web.Infrastructure.Htmx;

/// <summary>What the layout's <c>htmx-config</c> meta tag (Htmx.TagHelpers) says beyond htmx's defaults.</summary>
public static class HtmxSettings
{
    /// <summary>
    /// Swap 2xx; also swap 400, 422, 429 and 503, whose bodies are the form with its inline errors (a 429 says how long
    /// to wait) or a region's notice; treat other errors as errors (site.js turns them into a toast with a retry); a
    /// 204 changes nothing.
    /// </summary>
    public static IReadOnlyList<HtmxResponseHandling> ResponseHandling { get; } =
    [
        new() { Code = "204", Swap = false },
        new() { Code = "[23]..", Swap = true },
        new() { Code = "(400|422|429|503)", Swap = true, Error = false },
        new() { Code = "[45]..", Swap = false, Error = true },
    ];
}

/// <summary>
/// Htmx.TagHelpers' <c>htmx-config</c> meta tag, rendered once: its settings are the same on every page (no
/// antiforgery token rides in it), so the library serializes them on the first page and every later page reuses the
/// text instead of serializing again.
/// </summary>
[HtmlTargetElement("meta", Attributes = "[name=htmx-config]", TagStructure = TagStructure.WithoutEndTag)]
public sealed class StaticHtmxConfigMetaTagHelper : HtmxConfigMetaTagHelper
{
    private static TagHelperAttribute? _content;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (_content is null)
        {
            base.Process(context, output);
            _content = output.Attributes["content"];
            return;
        }
        output.Attributes.RemoveAll("content");
        output.Attributes.Add(_content);
    }
}
