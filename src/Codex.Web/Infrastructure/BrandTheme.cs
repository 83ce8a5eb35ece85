using System.Globalization;
using System.Text;
using Codex.Contracts.Organizations;

namespace Codex.Web.Infrastructure;

/// <summary>
/// An organization's branding as CSS custom properties. Every colour pair a reader depends on is checked against
/// WCAG AA (4.5:1 for text): a pair that fails falls back to Codex's own readable colours, so a brand can never
/// make its own space unreadable.
/// </summary>
public static class BrandTheme
{
    public const string DefaultBackground = "#ffffff";
    public const string DefaultText = "#1a1d23";
    public const string DefaultPrimary = "#1d4ed8";
    public const string DefaultAccent = "#c2410c";
    public const double MinimumContrast = 4.5;

    /// <summary>The resolved palette and fonts (what the stylesheet will say).</summary>
    public sealed record Palette(string Background, string Text, string Primary, string OnPrimary, string Accent, string? FontBody, string? FontHeading);

    public static Palette Resolve(BrandingDto? branding)
    {
        var background = Color(branding?.BackgroundColorHex) ?? DefaultBackground;
        // Body text: our dark text, or white on a dark background; a background neither reads on is dropped.
        var text = Contrast(DefaultText, background) >= MinimumContrast ? DefaultText
            : Contrast("#ffffff", background) >= MinimumContrast ? "#ffffff" : null;
        if (text is null) (background, text) = (DefaultBackground, DefaultText);

        // Primary colours links (on the background) and buttons (white or dark text on it).
        var primary = Color(branding?.PrimaryColorHex) ?? DefaultPrimary;
        var onPrimary = Contrast("#ffffff", primary) >= Contrast(DefaultText, primary) ? "#ffffff" : DefaultText;
        if (Contrast(primary, background) < MinimumContrast || Contrast(onPrimary, primary) < MinimumContrast)
            (primary, onPrimary) = Contrast(DefaultPrimary, background) >= MinimumContrast ? (DefaultPrimary, "#ffffff") : (text, background);

        var accent = Color(branding?.AccentColorHex) ?? Color(branding?.SecondaryColorHex) ?? DefaultAccent;
        if (Contrast(accent, background) < 3) accent = primary; // accents are large or decorative: 3:1

        return new Palette(background, text, primary, onPrimary, accent, Font(branding?.FontBody), Font(branding?.FontHeading));
    }

    /// <summary>Which of the chosen colours the space does not use because a reader could not read them.</summary>
    public sealed record Fallbacks(bool Background, bool Primary, bool Accent)
    {
        public bool Any => Background || Primary || Accent;
    }

    /// <summary>The colours of <paramref name="branding"/> that <see cref="Resolve"/> replaced for contrast.</summary>
    public static Fallbacks FallbacksOf(BrandingDto? branding, Palette palette)
    {
        var accent = Color(branding?.AccentColorHex) ?? Color(branding?.SecondaryColorHex);
        return new Fallbacks(
            Color(branding?.BackgroundColorHex) is { } background && background != palette.Background,
            Color(branding?.PrimaryColorHex) is { } primary && primary != palette.Primary,
            accent is not null && accent != palette.Accent);
    }

    /// <summary>
    /// The URL of an organization's stylesheet, with a hash of the stylesheet itself in it: a branding change is a new
    /// stylesheet, never a stale cached one, and the same branding has the same URL on every site instance.
    /// </summary>
    public static string Url(OrganizationDto organization, OrganizationSettingsDto? settings) =>
        $"{RouteTemplate.Fill(SiteRoutes.OrganizationTheme, organization.Slug)}?v={Version(Css(Resolve(settings?.Branding)))}";

    /// <summary>A short stable hash of a stylesheet, for its URL.</summary>
    public static string Version(string css) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(css)))[..16];

    /// <summary>
    /// The stylesheet of an organization's space: its custom properties on <paramref name="selector"/> (<c>:root</c>
    /// for the space; the studio's preview box scopes them to itself).
    /// </summary>
    public static string Css(Palette palette, string selector = ":root")
    {
        var css = new StringBuilder(selector).Append(" {\n");
        css.Append("  --color-bg: ").Append(palette.Background).Append(";\n");
        css.Append("  --color-text: ").Append(palette.Text).Append(";\n");
        css.Append("  --color-primary: ").Append(palette.Primary).Append(";\n");
        css.Append("  --color-primary-hover: ").Append(palette.Primary).Append(";\n");
        css.Append("  --color-on-primary: ").Append(palette.OnPrimary).Append(";\n");
        css.Append("  --color-accent: ").Append(palette.Accent).Append(";\n");
        if (palette.FontBody is { } body) css.Append("  --font-sans: ").Append(body).Append(";\n");
        if (palette.FontHeading is { } heading) css.Append("  --font-heading: ").Append(heading).Append(";\n");
        return css.Append("}\n").ToString();
    }

    /// <summary>WCAG 2 contrast ratio of two <c>#rrggbb</c> colours (1..21).</summary>
    public static double Contrast(string a, string b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    private static double Luminance(string hex)
    {
        double Channel(int offset)
        {
            var c = int.Parse(hex.AsSpan(offset, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * Channel(1) + 0.7152 * Channel(3) + 0.0722 * Channel(5);
    }

    // Values reach a stylesheet: only what the contract's own patterns allow gets through.
    private static string? Color(string? value) => value is not null && OrganizationRules.ColorPattern().IsMatch(value) ? value.ToLowerInvariant() : null;

    private static string? Font(string? value) => value is not null && OrganizationRules.FontPattern().IsMatch(value) ? value : null;
}
