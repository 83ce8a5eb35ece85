using Ganss.Xss;
using Markdig;

namespace Codex.Web.Infrastructure;

/// <summary>
/// Written content: Markdown rendered by Markdig (raw HTML in the source is not passed through) and the result
/// sanitised by HtmlSanitizer, so a body can never carry a script, an event handler or an inline style (the CSP
/// forbids those anyway).
/// </summary>
public sealed class Markdown
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .DisableHtml()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public string ToSafeHtml(string markdown) => _sanitizer.Sanitize(Markdig.Markdown.ToHtml(markdown, _pipeline));

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedSchemes.Clear();
        foreach (var scheme in new[] { "https", "http", "mailto" }) sanitizer.AllowedSchemes.Add(scheme);
        sanitizer.PostProcessNode += (_, e) =>
        {
            // Links in user content open as ordinary links but carry no endorsement.
            if (e.Node is AngleSharp.Html.Dom.IHtmlAnchorElement anchor) anchor.SetAttribute("rel", "nofollow ugc noopener");
        };
        return sanitizer;
    }
}
