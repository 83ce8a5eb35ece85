using Ganss.Xss;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

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

    /// <summary>
    /// As <see cref="ToSafeHtml(string)"/>, without the body's first heading when it is the first thing in the body and
    /// reads as <paramref name="withoutLeadingHeading"/> (letter case and spacing aside): the page shows the title as its
    /// H1 already, and many bodies open with it (the demo articles do), so it is not said twice (issue 15, item 9). A
    /// heading that says something else, or comes after a paragraph, stays.
    /// </summary>
    public string ToSafeHtml(string markdown, string? withoutLeadingHeading)
    {
        if (string.IsNullOrWhiteSpace(withoutLeadingHeading)) return ToSafeHtml(markdown);
        // Parsed once and rendered from the same tree, whether or not the heading goes (bodies reach 500 KB).
        var document = Markdig.Markdown.Parse(markdown, _pipeline);
        if (document.Count > 0 && document[0] is HeadingBlock heading && SameText(PlainText(heading.Inline), withoutLeadingHeading))
            document.RemoveAt(0);
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        _pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return _sanitizer.Sanitize(writer.ToString());
    }

    /// <summary>What a heading reads as: its text, emphasis, code and link text included, without the markup.</summary>
    private static string PlainText(ContainerInline? inline)
    {
        if (inline is null) return "";
        var text = new System.Text.StringBuilder();
        foreach (var child in inline.Descendants())
        {
            switch (child)
            {
                case LiteralInline literal: text.Append(literal.Content.AsSpan()); break;
                case CodeInline code: text.Append(code.Content); break;
                case HtmlEntityInline entity: text.Append(entity.Transcoded.AsSpan()); break;
                case LineBreakInline: text.Append(' '); break;
            }
        }
        return text.ToString();
    }

    /// <summary>The same words, whatever their case and the spaces between them.</summary>
    private static bool SameText(string a, string b) =>
        string.Equals(string.Join(' ', a.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)),
            string.Join(' ', b.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), StringComparison.OrdinalIgnoreCase);

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
