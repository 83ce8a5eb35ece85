using System.Text.RegularExpressions;
using Codex.Contracts.Content;
using Codex.Contracts.Organizations;

namespace Codex.Tests.Contracts;

/// <summary>
/// In .NET, <c>$</c> also matches before a final line feed, so <c>"value\n"</c> would pass a pattern ending in it (and a
/// 62-character anonymous key plus "\n" and its "a:" prefix would overflow its 64-character column). Every pattern ends in <c>\z</c>.
/// </summary>
public sealed class PatternTests
{
    public static TheoryData<string, string> ValidValues => new()
    {
        { "organization slug", "fieldnotes-press" },
        { "colour", "#1d3557" },
        { "font stack", "'Source Serif 4', Georgia, serif" },
        { "support email", "help@example.test" },
        { "anonymous key", new string('k', 62) },
        { "logo path", "/logos/6f1c2b9e-1111-4a4a-8b8b-0123456789ab/0123456789abcdef0123456789abcdef.png" },
        { "content slug", "my-first-item" },
    };

    [Theory]
    [MemberData(nameof(ValidValues))]
    public void Pattern_AcceptsTheValue_ButNotTheValueWithATrailingLineFeed(string pattern, string value)
    {
        var regex = Pattern(pattern);

        Assert.Matches(regex, value);
        Assert.DoesNotMatch(regex, value + "\n");
    }

    private static Regex Pattern(string name) => name switch
    {
        "organization slug" => OrganizationRules.SlugPattern(),
        "colour" => OrganizationRules.ColorPattern(),
        "font stack" => OrganizationRules.FontPattern(),
        "support email" => OrganizationRules.SupportEmailPattern(),
        "anonymous key" => ContentViewRules.AnonymousKeyPattern(),
        "logo path" => LogoRules.PathPattern(),
        "content slug" => ContentRules.SlugPattern(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
