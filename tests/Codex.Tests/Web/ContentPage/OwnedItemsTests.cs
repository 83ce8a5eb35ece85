using System.Net;
using AngleSharp.Dom;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Web.ContentPage;

/// <summary>
/// Issue 15, item 4: the signed-in buyer sees "Owned" where they see an item they bought (its page and its cards on the
/// home page, discover, organization spaces and people's pages), while visitors still get the anonymous page, publicly
/// cacheable, and other signed-in people still see the price.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class OwnedItemsTests(SiteFixture fixture)
{
    private readonly HttpClient _site = fixture.Client(Role.Site);
    private readonly TestData _data = new(fixture);

    private async Task<SiteBrowser> SignedInAsync(Data.User user)
    {
        var browser = new SiteBrowser(fixture.System.SiteUrl);
        browser.SetCookie("codex-session", (await _data.SessionCookieAsync(user)).Split('=', 2)[1]);
        return browser;
    }

    private async Task<Data.ContentItem> ItemAtAsync(string href)
    {
        var parts = href.Split('/'); // /o/{org}/content/{slug}
        await using var db = fixture.Db();
        return await db.Content.Include(c => c.Organization).SingleAsync(c => c.Organization!.Slug == parts[2] && c.Slug == parts[4]);
    }

    private static IElement CardOf(IDocument page, string href) =>
        page.QuerySelectorAll("li.card").Single(c => c.QuerySelector("a.card-link")!.GetAttribute("href") == href);

    private static string? Badge(IElement card, string kind) => card.QuerySelector($".badge-{kind}")?.TextContent.Trim();

    /// <summary>
    /// On <paramref name="path"/> as a visitor sees it, the first card with a price; a new person buys that item; then the
    /// same page for them, for another signed-in person, and for a visitor again.
    /// </summary>
    private async Task AssertOwnedCardAsync(string path, bool htmx = false)
    {
        HttpRequestMessage Get()
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (htmx) request.Headers.Add("HX-Request", "true");
            return request;
        }
        var before = await (await _site.SendAsync(Get())).ParseAsync();
        var href = before.QuerySelectorAll("li.card").Select(c => (Card: c, Price: Badge(c, "access")))
            .First(c => c.Price?.StartsWith('$') == true).Card.QuerySelector("a.card-link")!.GetAttribute("href")!;
        var price = Badge(CardOf(before, href), "access");
        var item = await ItemAtAsync(href);
        var buyer = await _data.UserAsync("Card Buyer");
        await _data.PurchaseAsync(buyer, item);

        var mine = await (await (await SignedInAsync(buyer)).SendAsync(Get())).ParseAsync();
        var others = await (await (await SignedInAsync(await _data.UserAsync("Not A Buyer"))).SendAsync(Get())).ParseAsync();
        var anonymous = await _site.SendAsync(Get());

        Assert.Equal("Owned", Badge(CardOf(mine, href), "owned"));
        Assert.Null(Badge(CardOf(mine, href), "access"));
        Assert.Equal(price, Badge(CardOf(others, href), "access"));
        Assert.Null(Badge(CardOf(others, href), "owned"));
        Assert.True(anonymous.Headers.CacheControl!.Public, $"{path}: the anonymous page stays publicly cacheable");
        var visitor = await anonymous.ParseAsync();
        Assert.Empty(visitor.QuerySelectorAll(".badge-owned"));
        Assert.Equal(price, Badge(CardOf(visitor, href), "access"));
    }

    [Fact]
    public async Task HomePage_TheBuyersCardSaysOwned() => await AssertOwnedCardAsync("/");

    [Fact]
    public async Task Discover_TheBuyersCardSaysOwned_InTheFullPageAndTheFragment()
    {
        await AssertOwnedCardAsync("/discover?access=paid");
        await AssertOwnedCardAsync("/discover?access=paid&sort=title", htmx: true);
    }

    [Fact]
    public async Task OrganizationSpace_TheBuyersCardSaysOwned() => await AssertOwnedCardAsync("/o/northwind-studio");

    [Fact]
    public async Task PersonPage_TheBuyersCardSaysOwned() => await AssertOwnedCardAsync(SiteRoutes.UserPath("cleo"));

    [Fact]
    public async Task ContentPage_Buyer_SeesOwned_NotThePriceOrBuy_OthersSeeThePrice_VisitorsGetTheCacheablePage()
    {
        await using var db = fixture.Db();
        var item = await db.Content.Include(c => c.Organization)
            .Where(c => c.Organization!.Slug == "northwind-studio" && c.ContentType == ContentType.Written && c.AccessType == AccessType.Paid
                && c.Status == ContentStatus.Published)
            .OrderBy(c => c.Slug).FirstAsync();
        var path = $"/o/{item.Organization!.Slug}/content/{item.Slug}";
        var buyer = await _data.UserAsync("Page Buyer");
        await _data.PurchaseAsync(buyer, item);

        var mine = await (await SignedInAsync(buyer)).PageAsync(path);
        var others = await (await SignedInAsync(await _data.UserAsync("Page Browser"))).PageAsync(path);
        var anonymousResponse = await _site.GetAsync(path);
        var anonymous = await anonymousResponse.ParseAsync();

        var price = anonymous.QuerySelector(".content-meta .badge-access")!.TextContent.Trim();
        Assert.StartsWith("$", price);
        Assert.Equal("Owned", mine.QuerySelector(".content-meta .badge-owned")?.TextContent.Trim());
        Assert.Null(mine.QuerySelector(".content-meta .badge-access"));
        Assert.Null(mine.GetElementById(DomIds.BuyForm));
        Assert.NotNull(mine.QuerySelector(".prose")); // and they read it
        Assert.Equal(price, others.QuerySelector(".content-meta .badge-access")!.TextContent.Trim());
        Assert.NotNull(others.GetElementById(DomIds.BuyForm));
        Assert.Null(others.QuerySelector(".badge-owned"));
        Assert.True(anonymousResponse.Headers.CacheControl!.Public);
        Assert.Null(anonymous.QuerySelector(".badge-owned"));
    }

    [Fact]
    public async Task ContentPage_BuyerWhoseMediaCannotPlayYet_IsToldTheyOwnIt_NotOfferedToBuyAgain()
    {
        var org = await _data.OrganizationAsync();
        var creator = await _data.UserAsync("Owner");
        await _data.MembershipAsync(org, creator, MemberRole.Owner);
        // A paid video whose media is not ready: the stream is refused (422), so the page shows no player.
        var (item, _) = await _data.VideoAsync(org, creator, AccessType.Paid, "Not ready yet", MediaStatus.Transcoding);
        var buyer = await _data.UserAsync("Early Buyer");
        await _data.PurchaseAsync(buyer, item);

        var page = await (await SignedInAsync(buyer)).PageAsync($"/o/{org.Slug}/content/{item.Slug}");

        Assert.Null(page.GetElementById(DomIds.Player));
        Assert.Null(page.GetElementById(DomIds.BuyForm));
        Assert.Contains("You own this video", page.QuerySelector(".access-notice")!.TextContent);
        Assert.Equal("Owned", page.QuerySelector(".content-meta .badge-owned")?.TextContent.Trim());
    }
}
