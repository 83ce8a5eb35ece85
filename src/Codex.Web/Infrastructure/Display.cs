using System.Globalization;
using Codex.Contracts.Content;

namespace Codex.Web.Infrastructure;

/// <summary>How wire values read on a page.</summary>
public static class Display
{
    /// <summary>Integer minor units as dollars.</summary>
    /// <summary>A day as people read it, in UTC: <c>3 Feb 2026</c> (empty for none).</summary>
    public static string Date(DateTimeOffset? at) => at?.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture) ?? "";

    public static string Price(int cents) => "$" + (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A sum of minor units (revenue) as dollars, the same way.</summary>
    public static string Price(long cents) => "$" + (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>"free", the price, or "members".</summary>
    public static string Access(ContentDto item) => item.AccessType switch
    {
        AccessType.Free => "Free",
        AccessType.Paid when item.PriceCents is { } cents => Price(cents),
        AccessType.Members => "Members",
        _ => "Paid",
    };

    /// <summary>m:ss or h:mm:ss; empty when unknown.</summary>
    public static string Duration(int? seconds) => seconds switch
    {
        null or <= 0 => "",
        < 3600 => TimeSpan.FromSeconds(seconds.Value).ToString(@"m\:ss", CultureInfo.InvariantCulture),
        _ => TimeSpan.FromSeconds(seconds.Value).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture),
    };

    public static string Type(ContentType type) => type switch
    {
        ContentType.Video => "Video",
        ContentType.Audio => "Audio",
        _ => "Article",
    };

    /// <summary>The canonical URL path of a content item.</summary>
    public static string ContentPath(ContentDto item) => SiteRoutes.ContentPath(item.Organization?.Slug ?? "_", item.Slug);
}
