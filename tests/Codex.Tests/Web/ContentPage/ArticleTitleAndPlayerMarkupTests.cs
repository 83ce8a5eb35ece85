using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Web.ContentPage;

/// <summary>
/// Issue 15, item 9 (an article's title said once) and item 12 (the player's label names shortcuts only where JavaScript
/// adds them; audio shows its artwork).
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class ArticleTitleAndPlayerMarkupTests(SiteFixture fixture)
{
    private readonly HttpClient _site = fixture.Client(Role.Site);

    private async Task<Data.ContentItem> DemoAsync(ContentType type, AccessType access)
    {
        await using var db = fixture.Db();
        return await db.Content.Include(c => c.Organization)
            .Where(c => c.ContentType == type && c.AccessType == access && c.Status == ContentStatus.Published && c.ThumbnailUrl != null)
            .OrderBy(c => c.Slug).FirstAsync();
    }

    // Issue 15, item 9: the demo articles open with "# {title}", as many bodies do.
    [Fact]
    public async Task Article_WhoseBodyOpensWithItsTitle_ShowsTheTitleOnce()
    {
        var item = await DemoAsync(ContentType.Written, AccessType.Free);
        Assert.StartsWith("# " + item.Title, item.ContentBody!.TrimStart()); // the demo data this guards against

        var page = await (await _site.GetAsync($"/o/{item.Organization!.Slug}/content/{item.Slug}")).ParseAsync();

        var headings = page.QuerySelectorAll("h1, h2, h3, h4, h5, h6").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(1, headings.Count(h => string.Equals(h, item.Title, StringComparison.OrdinalIgnoreCase)));
        Assert.Single(page.QuerySelectorAll("h1"));
        Assert.NotNull(page.QuerySelector(".prose h2")); // the rest of the body is there
    }

    [Theory]
    [InlineData("#   the   LONG  title\n\nText.", "The long title", "<p>Text.</p>")]
    [InlineData("The long title\n==============\n\nText.", "The long title", "<p>Text.</p>")]
    [InlineData("## *The* long `title`\n\nText.", "The long title", "<p>Text.</p>")]
    public void Markdown_LeadingHeadingEqualToTheTitle_IsDropped(string body, string title, string expected) =>
        Assert.Equal(expected, new Markdown().ToSafeHtml(body, withoutLeadingHeading: title).Trim());

    [Theory]
    [InlineData("# Another heading\n\nText.", "<h1")]
    [InlineData("Intro.\n\n# The long title\n\nText.", "<h1")]
    public void Markdown_OtherHeadings_AndTheTitleLaterOn_Stay(string body, string kept) =>
        Assert.Contains(kept, new Markdown().ToSafeHtml(body, withoutLeadingHeading: "The long title"));

    // Issue 15, item 12: without JavaScript there are no shortcuts, so the page does not announce them or add a tab stop.
    [Fact]
    public async Task Player_WithoutJavaScript_AnnouncesNoShortcuts_AndIsNoExtraTabStop()
    {
        var item = await DemoAsync(ContentType.Video, AccessType.Free);

        var page = await (await _site.GetAsync($"/o/{item.Organization!.Slug}/content/{item.Slug}")).ParseAsync();

        var player = page.GetElementById(DomIds.Player)!;
        Assert.Equal($"Player: {item.Title}", player.GetAttribute("aria-label"));
        Assert.Equal("group", player.GetAttribute("role"));
        Assert.False(player.HasAttribute("tabindex"));
        Assert.DoesNotContain("Keys", page.Body!.InnerHtml);
    }

    [Fact]
    public async Task AudioPage_ShowsItsArtwork_SizedAndWithoutRepeatingTheTitle()
    {
        var item = await DemoAsync(ContentType.Audio, AccessType.Free);

        var page = await (await _site.GetAsync($"/o/{item.Organization!.Slug}/content/{item.Slug}")).ParseAsync();

        var artwork = page.QuerySelector($"#{DomIds.Player} img.player-artwork")!;
        Assert.Equal(item.ThumbnailUrl, artwork.GetAttribute("src"));
        Assert.Equal("", artwork.GetAttribute("alt"));
        Assert.NotNull(artwork.GetAttribute("width"));
        Assert.NotNull(artwork.GetAttribute("height"));
        Assert.NotNull(page.QuerySelector($"#{DomIds.Player} audio"));
    }
}
