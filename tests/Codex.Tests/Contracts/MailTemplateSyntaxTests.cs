using Codex.Contracts.Notifications;

namespace Codex.Tests.Contracts;

/// <summary>The template language: substitution only, spaces inside the braces allowed, malformed braces named.</summary>
public sealed class MailTemplateSyntaxTests
{
    private static readonly EmailTemplateDefinition Verify = EmailTemplateCatalog.Find(EmailTemplateNames.VerifyEmail)!;

    [Fact]
    public void Parse_SplitsTextAndPlaceholders_ToleratingSpaces()
    {
        var parsed = MailTemplateSyntax.Parse("Hi {{name}}, {{ link }}!{{\tname\t}}");

        Assert.Empty(parsed.Problems);
        Assert.Equal<TemplateSegment>(
            [
                new TemplateSegment.Text("Hi "), new TemplateSegment.Placeholder("name"), new TemplateSegment.Text(", "),
                new TemplateSegment.Placeholder("link"), new TemplateSegment.Text("!"), new TemplateSegment.Placeholder("name"),
            ], parsed.Segments);
    }

    [Theory]
    [InlineData("<style>@media(max-width:600px){p{color:red}}</style>")]
    [InlineData("a } b }} c { d")]
    [InlineData("")]
    public void Parse_LeavesLoneClosingBracesAndSingleBracesAsText(string text)
    {
        var parsed = MailTemplateSyntax.Parse(text);

        Assert.Empty(parsed.Problems);
        Assert.Equal(text, string.Concat(parsed.Segments.OfType<TemplateSegment.Text>().Select(t => t.Value)));
    }

    [Theory]
    [InlineData("Hi {{name", "\u201c{{name\u201d is not closed: a placeholder ends with }}, as in {{name}}.")]
    [InlineData("Hi {{name}\n{{link}}", "\u201c{{name}\u201d is not closed: a placeholder ends with }}, as in {{name}}.")]
    [InlineData("Hi {{{name}}}", "\u201c{{{name}}\u201d is not a placeholder: write a name between {{ and }}, as in {{name}}.")]
    [InlineData("Hi {{}}", "\u201c{{}}\u201d is not a placeholder: write a name between {{ and }}, as in {{name}}.")]
    [InlineData("Hi {{first-name}}", "\u201c{{first-name}}\u201d is not a placeholder: write a name between {{ and }}, as in {{name}}.")]
    public void Parse_NamesMalformedBraces(string text, string problem)
    {
        Assert.Equal([problem], MailTemplateSyntax.Parse(text).Problems);
    }

    [Fact]
    public void Problems_NameUnknownPlaceholders_WithTheOnesToUse_AndAskForTheLink()
    {
        Assert.Equal(["{{nmae}} is not a placeholder of this template: use {{name}}, {{link}}."],
            EmailTemplateRules.Problems(Verify, TemplateField.Subject, "Hi {{nmae}}"));
        Assert.Contains(EmailTemplateRules.Problems(Verify, TemplateField.TextBody, "Hi {{name}}"), p => p.Contains("must contain {{link}}"));
        Assert.Empty(EmailTemplateRules.Problems(Verify, TemplateField.HtmlBody, "<a href=\"{{ link }}\">Hi {{name}}</a>"));
        Assert.Equal(["The subject is one line."], EmailTemplateRules.Problems(Verify, TemplateField.Subject, "Hi\nBcc: x@example.com"));
    }

    [Fact]
    public void TheLegacyReceiptName_IsThePurchaseReceipt_ButNoTemplateOfItsOwn()
    {
        Assert.Equal(EmailTemplateNames.PurchaseReceipt, EmailTemplateNames.Canonical(EmailTemplateNames.LegacyReceipt));
        Assert.Null(EmailTemplateCatalog.Find(EmailTemplateNames.LegacyReceipt));
        Assert.Equal(6, EmailTemplateCatalog.All.Select(t => t.Name).Distinct().Count());
    }
}
