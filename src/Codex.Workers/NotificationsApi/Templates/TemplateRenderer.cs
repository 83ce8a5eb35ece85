using System.Text;
using System.Text.Encodings.Web;
using Codex.Contracts.Notifications;

namespace Codex.Workers.NotificationsApi.Templates;

/// <summary>A template's wording: its subject and its two bodies, with <c>{{placeholders}}</c>.</summary>
public sealed record TemplateContent(string Subject, string TextBody, string HtmlBody);

/// <summary>
/// Fills a template's placeholders (<see cref="MailTemplateSyntax"/>): substitution only. In the HTML body every value is
/// HTML-encoded, since values come from people (a name, a title, a reason) while the HTML around them is the admin's own;
/// in the plain-text body values go in as they are; in the subject line breaks in values become spaces, so no value can
/// start a header of its own. A placeholder without a value is left empty.
/// </summary>
public static class TemplateRenderer
{
    public static RenderedEmailDto Render(TemplateContent template, IReadOnlyDictionary<string, string> values)
    {
        var subject = Fill(template.Subject, values, v => v.ReplaceLineEndings(" ")).ReplaceLineEndings(" ").Trim();
        var text = Fill(template.TextBody, values, v => v);
        var html = Fill(template.HtmlBody, values, HtmlEncoder.Default.Encode);
        return new RenderedEmailDto(subject, html, text);
    }

    private static string Fill(string template, IReadOnlyDictionary<string, string> values, Func<string, string> encode)
    {
        var output = new StringBuilder(template.Length + 256);
        foreach (var segment in MailTemplateSyntax.Parse(template).Segments)
        {
            output.Append(segment switch
            {
                TemplateSegment.Placeholder p => values.TryGetValue(p.Name, out var value) ? encode(value) : "",
                TemplateSegment.Text t => t.Value,
                _ => "",
            });
        }
        return output.ToString();
    }
}
