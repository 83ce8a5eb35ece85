using System.Text;
using FluentValidation;

namespace Codex.Contracts.Notifications;

/// <summary>A piece of a parsed template: text as written, or a <c>{{placeholder}}</c> to fill.</summary>
public abstract record TemplateSegment
{
    public sealed record Text(string Value) : TemplateSegment;
    public sealed record Placeholder(string Name) : TemplateSegment;
}

/// <summary>A template split into its segments, with what is wrong in its braces (nothing when it parsed).</summary>
public sealed record ParsedTemplate(IReadOnlyList<TemplateSegment> Segments, IReadOnlyList<string> Problems)
{
    public IEnumerable<string> PlaceholderNames => Segments.OfType<TemplateSegment.Placeholder>().Select(p => p.Name);
}

/// <summary>
/// The template language, which is substitution only: <c>{{name}}</c> (spaces inside the braces allowed) is replaced by
/// a value; there are no conditions, loops or unescaped forms. A <c>{{</c> that does not open a well-formed placeholder is
/// a problem (so <c>{{name</c> and <c>{{{name}}}</c> are refused, never sent as typed); a lone <c>}}</c> is text (CSS
/// in an HTML body has them).
/// </summary>
public static class MailTemplateSyntax
{
    public const string Open = "{{";
    public const string Close = "}}";

    /// <summary>How a placeholder is written, for messages.</summary>
    public static string Written(string name) => Open + name + Close;

    public static ParsedTemplate Parse(string template)
    {
        var segments = new List<TemplateSegment>();
        var problems = new List<string>();
        var text = new StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf(Open, i, StringComparison.Ordinal);
            if (open < 0)
            {
                text.Append(template, i, template.Length - i);
                break;
            }
            text.Append(template, i, open - i);
            if (TryPlaceholder(template, open, out var name, out var end))
            {
                if (text.Length > 0) segments.Add(new TemplateSegment.Text(text.ToString()));
                text.Clear();
                segments.Add(new TemplateSegment.Placeholder(name));
                i = end;
                continue;
            }
            problems.Add(Malformed(template, open));
            text.Append(Open);
            i = open + Open.Length;
        }
        if (text.Length > 0) segments.Add(new TemplateSegment.Text(text.ToString()));
        return new ParsedTemplate(segments, problems.Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>Reads <c>{{ name }}</c> at <paramref name="open"/>: a letter, then letters or digits, spaces around allowed.</summary>
    private static bool TryPlaceholder(string template, int open, out string name, out int end)
    {
        name = "";
        end = open;
        var i = open + Open.Length;
        while (i < template.Length && template[i] is ' ' or '\t') i++;
        var start = i;
        if (i >= template.Length || !char.IsAsciiLetter(template[i])) return false;
        while (i < template.Length && char.IsAsciiLetterOrDigit(template[i])) i++;
        name = template[start..i];
        while (i < template.Length && template[i] is ' ' or '\t') i++;
        if (string.CompareOrdinal(template, i, Close, 0, Close.Length) != 0) return false;
        end = i + Close.Length;
        return true;
    }

    private static string Malformed(string template, int open)
    {
        var close = template.IndexOf(Close, open + Open.Length, StringComparison.Ordinal);
        var next = template.IndexOf(Open, open + Open.Length, StringComparison.Ordinal);
        var line = template.IndexOfAny(['\r', '\n'], open);
        var unclosed = close < 0 || (next >= 0 && next < close) || (line >= 0 && line < close);
        if (unclosed)
        {
            var stop = new[] { next, line, open + 30 }.Where(x => x > open).DefaultIfEmpty(template.Length).Min();
            var shown = template[open..Math.Min(stop, template.Length)].TrimEnd();
            return $"\u201c{shown}\u201d is not closed: a placeholder ends with }}}}, as in {{{{name}}}}.";
        }
        var written = template[open..(close + Close.Length)];
        if (written.Length > 40) written = written[..37] + "\u2026";
        return $"\u201c{written}\u201d is not a placeholder: write a name between {{{{ and }}}}, as in {{{{name}}}}.";
    }
}

/// <summary>Which part of a template a text is (its field on the wire and in forms).</summary>
public enum TemplateField { Subject, TextBody, HtmlBody }

/// <summary>The rules an edited template meets (the worker enforces them; the site's form checks the same).</summary>
public static class EmailTemplateRules
{
    public const int SubjectMax = 300;
    public const int TextMax = 20_000;
    public const int HtmlMax = 50_000;
    /// <summary>The longest sample value a preview takes.</summary>
    public const int PreviewValueMax = 2_000;

    public static int MaxLength(TemplateField field) => field switch
    {
        TemplateField.Subject => SubjectMax,
        TemplateField.TextBody => TextMax,
        _ => HtmlMax,
    };

    /// <summary>What is wrong with <paramref name="text"/> as <paramref name="field"/> of <paramref name="template"/>; empty when nothing.</summary>
    public static IReadOnlyList<string> Problems(EmailTemplateDefinition template, TemplateField field, string? text)
    {
        var what = field switch
        {
            TemplateField.Subject => "The subject",
            TemplateField.TextBody => "The plain-text body",
            _ => "The HTML body",
        };
        if (string.IsNullOrWhiteSpace(text)) return [$"{what} is required."];
        var problems = new List<string>();
        if (text.Length > MaxLength(field)) problems.Add($"{what} is {text.Length:N0} characters long; the most is {MaxLength(field):N0}.");
        if (field == TemplateField.Subject && text.AsSpan().IndexOfAny('\r', '\n') >= 0) problems.Add("The subject is one line.");
        if (text.Contains('\0')) problems.Add(ContractJson.NulCharacterMessage);

        var parsed = MailTemplateSyntax.Parse(text);
        problems.AddRange(parsed.Problems);
        var use = string.Join(", ", template.Placeholders.Select(p => MailTemplateSyntax.Written(p.Name)));
        foreach (var unknown in parsed.PlaceholderNames.Where(n => !template.Has(n)).Distinct(StringComparer.Ordinal))
            problems.Add($"{MailTemplateSyntax.Written(unknown)} is not a placeholder of this template: use {use}.");
        if (field != TemplateField.Subject && template.HasLink && !parsed.PlaceholderNames.Contains(EmailTemplateDefinition.Link))
            problems.Add(field == TemplateField.TextBody
                ? $"{what} must contain {MailTemplateSyntax.Written(EmailTemplateDefinition.Link)}: it is the address the mail leads to, and the only link a plain-text reader gets."
                : $"{what} must contain {MailTemplateSyntax.Written(EmailTemplateDefinition.Link)}, so the mail has a link that works without images.");
        return problems;
    }

    /// <summary>The same rules as a FluentValidation rule, for request and form validators.</summary>
    public static IRuleBuilderOptionsConditions<T, string?> ValidTemplate<T>(this IRuleBuilder<T, string?> rule,
        EmailTemplateDefinition template, TemplateField field) =>
        rule.Custom((text, context) =>
        {
            foreach (var problem in Problems(template, field, text)) context.AddFailure(problem);
        });
}
