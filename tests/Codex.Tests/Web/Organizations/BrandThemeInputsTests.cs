using Codex.Contracts.Organizations;
using Codex.Web.Infrastructure;

namespace Codex.Tests.Web.Organizations;

/// <summary>
/// <see cref="BrandTheme"/> on whatever the settings page can send: every resolved pair stays readable, what fell back
/// is reported (the preview's notes), and the stylesheet's URL version follows its content.
/// </summary>
public sealed class BrandThemeInputsTests
{
    public static TheoryData<string?, string?, string?, string?> Brandings => new()
    {
        { null, null, null, null },
        { "#ffff00", null, null, "#ffffff" },   // yellow links on white
        { "#1a1a2e", null, null, "#101820" },   // dark on dark
        { "#ffffff", "#ffffff", "#ffffff", "#ffffff" },
        { "#000000", "#000000", "#000000", "#000000" },
        { "#777777", null, "#787878", "#767676" }, // mid grey everywhere: no text colour reads on it
        { "#0b3d2e", "#c2410c", "#7c2d12", "#fdf6e3" },
        { "RED", "#12", "#1234567", "not a colour" },
    };

    [Theory]
    [MemberData(nameof(Brandings))]
    public void Resolve_AnyColours_KeepsEveryPairReadable(string? primary, string? secondary, string? accent, string? background)
    {
        var palette = BrandTheme.Resolve(new BrandingDto(null, primary, secondary, accent, background, null, null));

        Assert.True(BrandTheme.Contrast(palette.Text, palette.Background) >= BrandTheme.MinimumContrast);
        Assert.True(BrandTheme.Contrast(palette.Primary, palette.Background) >= BrandTheme.MinimumContrast);
        Assert.True(BrandTheme.Contrast(palette.OnPrimary, palette.Primary) >= BrandTheme.MinimumContrast);
        Assert.True(BrandTheme.Contrast(palette.Accent, palette.Background) >= 3);
    }

    [Fact]
    public void FallbacksOf_NamesTheColoursThatWereReplaced_AndNoneForReadableOnes()
    {
        var unreadable = new BrandingDto(null, "#1a1a2e", null, "#151515", "#101820", null, null);
        var readable = new BrandingDto(null, "#0b3d2e", null, "#7c2d12", "#fdf6e3", null, null);
        var grey = new BrandingDto(null, null, null, null, "#777777", null, null);

        Assert.Equal(new BrandTheme.Fallbacks(false, true, true), BrandTheme.FallbacksOf(unreadable, BrandTheme.Resolve(unreadable)));
        Assert.False(BrandTheme.FallbacksOf(readable, BrandTheme.Resolve(readable)).Any);
        Assert.True(BrandTheme.FallbacksOf(grey, BrandTheme.Resolve(grey)).Background);
        Assert.False(BrandTheme.FallbacksOf(null, BrandTheme.Resolve(null)).Any);
    }

    [Fact]
    public void Css_ScopesTheProperties_AndDropsFontsAndColoursThatFailThePatterns()
    {
        var palette = BrandTheme.Resolve(new BrandingDto(null, "#0b3d2e;}body{x:y", null, null, "#fdf6e3", "Inter;}*{display:none}", "'Unclosed, serif"));

        var css = BrandTheme.Css(palette, ".brand-preview");

        Assert.StartsWith(".brand-preview {\n", css);
        Assert.Contains("--color-bg: #fdf6e3;", css);
        Assert.Contains($"--color-primary: {BrandTheme.DefaultPrimary};", css);
        Assert.DoesNotContain("--font-", css);
        Assert.Single(css.Split('{').Skip(1));
    }

    [Fact]
    public void Version_IsStableForTheSameStylesheet_AndChangesWithIt()
    {
        var a = BrandTheme.Css(BrandTheme.Resolve(new BrandingDto(null, "#0b3d2e", null, null, null, null, null)));
        var b = BrandTheme.Css(BrandTheme.Resolve(new BrandingDto(null, "#0b3d2f", null, null, null, null, null)));

        Assert.Equal(BrandTheme.Version(a), BrandTheme.Version(string.Concat(a)));
        Assert.NotEqual(BrandTheme.Version(a), BrandTheme.Version(b));
        Assert.Matches("^[0-9a-f]{16}$", BrandTheme.Version(a));
    }
}
