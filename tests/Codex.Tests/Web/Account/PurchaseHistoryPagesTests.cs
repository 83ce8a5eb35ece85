using System.Net;
using Codex.Contracts;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Web.Account;

/// <summary>
/// Issue 15, item 5: purchase history is part of the account area (its navigation, on every account page), and every
/// purchase links to a printable receipt only its buyer can open.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class PurchaseHistoryPagesTests(SiteFixture fixture)
{
    private readonly AccountPeople _people = new(fixture);

    private async Task<(User Buyer, SiteBrowser Browser, Purchase Purchase, Organization Org, ContentItem Item)> BoughtAsync(
        PurchaseStatus status = PurchaseStatus.Completed, int refundedCents = 0)
    {
        var (buyer, browser) = await _people.SignedInAsync("Receipt Person");
        var org = await _people.Data.OrganizationAsync();
        var item = await _people.Data.ContentAsync(org, await _people.Data.UserAsync(), "Receipt item " + Guid.NewGuid().ToString("N")[..6],
            ContentType.Video, AccessType.Paid, body: null);
        var at = new DateTimeOffset(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);
        var purchase = new Purchase
        {
            Id = Guid.NewGuid(), UserId = buyer.Id, ContentId = item.Id, OrganizationId = org.Id, PriceCents = 500, Currency = "usd",
            Status = status, CheckoutSessionId = "cs_test_" + Guid.NewGuid().ToString("N"), PaymentIntentId = "pi_test_receipt",
            PurchasedAt = at, RefundedCents = refundedCents, RefundedAt = refundedCents > 0 ? at.AddDays(2) : null, CreatedAt = at,
        };
        await using (var db = fixture.Db())
        {
            db.Purchases.Add(purchase);
            await db.SaveChangesAsync();
        }
        return (buyer, browser, purchase, org, item);
    }

    [Fact]
    public async Task Get_Purchases_IsAnAccountPage_InBothShapes_AndEachRowLinksItsReceipt()
    {
        var (_, browser, purchase, _, item) = await BoughtAsync();

        var full = await browser.GetAsync("/account/purchases");
        var fragment = await browser.SendAsync(Html.Htmx("/account/purchases"));

        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        var page = await full.ParseAsync();
        Assert.Equal("Your purchases | Codex", page.Title);
        var nav = page.GetElementById(DomIds.AccountNav)!;
        Assert.Equal("/account/purchases", nav.QuerySelector("a[aria-current=page]")!.GetAttribute("href"));
        string[] expected = ["/account", "/account/profile", "/account/purchases", "/library"];
        Assert.All(expected, href => Assert.NotNull(nav.QuerySelector($"a[href='{href}']")));
        var receipt = page.QuerySelector($"#{DomIds.PurchasesList} a.receipt-link")!;
        Assert.Equal($"/account/purchases/{purchase.Id}", receipt.GetAttribute("href"));
        Assert.Contains(item.Title, receipt.TextContent); // "Receipt for <title>", the visible word and its hidden context
        Assert.False(full.Headers.CacheControl!.Public);
        Assert.Contains("HX-Request", full.Headers.Vary);
        var (raw, _) = await fragment.ParseFragmentAsync();
        Assert.StartsWith($"<div id=\"{DomIds.PurchasesList}\"", raw.TrimStart());
        Assert.DoesNotContain(DomIds.AccountNav, raw);
    }

    [Fact]
    public async Task Get_Receipt_ShowsWhatFromWhomWhenHowMuchStatusAndReference_InBothShapes()
    {
        var (_, browser, purchase, org, item) = await BoughtAsync(refundedCents: 200);
        var path = $"/account/purchases/{purchase.Id}";

        var full = await browser.GetAsync(path);
        var fragment = await browser.SendAsync(Html.Htmx(path));

        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        var page = await full.ParseAsync();
        Assert.Equal($"Receipt: {item.Title} | Codex", page.Title);
        Assert.Equal("noindex", page.QuerySelector("meta[name=robots]")!.GetAttribute("content"));
        Assert.Equal("/account/purchases", page.GetElementById(DomIds.AccountNav)!.QuerySelector("a[aria-current=page]")!.GetAttribute("href"));
        var receipt = page.GetElementById(DomIds.Receipt)!;
        var details = receipt.QuerySelectorAll("dt").Zip(receipt.QuerySelectorAll("dd"))
            .ToDictionary(p => p.First.TextContent.Trim(), p => p.Second.TextContent.Trim());
        Assert.StartsWith(item.Title, details["Item"]);
        Assert.Equal(org.Name, details["Sold by"]);
        Assert.Equal("14 March 2026, 09:30 UTC", details["Date"]);
        Assert.Equal("$5.00 USD", details["Amount"]);
        Assert.Equal("Paid, $2.00 refunded", details["Status"]);
        Assert.Equal("$2.00 on 16 March 2026, 09:30 UTC", details["Refunded"]);
        Assert.Equal(purchase.Id.ToString(), details["Reference"]);
        Assert.Equal("pi_test_receipt", details["Payment reference"]);
        Assert.False(full.Headers.CacheControl!.Public);
        var (raw, _) = await fragment.ParseFragmentAsync();
        Assert.StartsWith($"<article id=\"{DomIds.Receipt}\"", raw.TrimStart());
    }

    [Fact]
    public async Task Get_Receipt_OfSomeoneElsesPurchase_Is404_AndAnonymous_GoesToSignIn()
    {
        var (_, _, purchase, _, _) = await BoughtAsync();
        var (_, stranger) = await _people.SignedInAsync("Stranger");
        var path = $"/account/purchases/{purchase.Id}";

        var theirs = await stranger.GetAsync(path);
        var unknown = await stranger.GetAsync($"/account/purchases/{Guid.NewGuid()}");
        var anonymous = await fixture.Client(Role.Site).GetAsync(path);
        var anonymousHtmx = await fixture.Client(Role.Site).SendAsync(Html.Htmx(path));

        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.DoesNotContain(purchase.Id.ToString(), await theirs.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Found, anonymous.StatusCode);
        Assert.Equal("/login?redirect=" + Uri.EscapeDataString(path), anonymous.Headers.Location!.OriginalString);
        Assert.Equal("/login?redirect=" + Uri.EscapeDataString(path), anonymousHtmx.Headers.GetValues("HX-Redirect").Single());
    }

    [Fact]
    public async Task Receipt_PrintsWithoutNavigation_BlackOnWhite()
    {
        var (_, browser, purchase, _, _) = await BoughtAsync();
        var page = await browser.PageAsync($"/account/purchases/{purchase.Id}");
        var css = await fixture.Client(Role.Site).GetStringAsync(page.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href"));

        var print = css[css.IndexOf("@media print", StringComparison.Ordinal)..];
        foreach (var hidden in new[] { ".site-header", ".site-footer", ".account-nav" })
        {
            Assert.Contains(hidden, print[..print.IndexOf("display: none", StringComparison.Ordinal)]);
            Assert.NotNull(page.QuerySelector(hidden));
        }
        Assert.Contains("color: #000", print);
        Assert.Contains("background: #fff", print);
        Assert.NotNull(page.QuerySelector($"#{DomIds.Receipt} [data-print][hidden]")); // shown by site.js only
    }

    [Fact]
    public async Task Receipt_OfARefundedPurchase_SaysItLeftTheLibrary()
    {
        var (_, browser, purchase, _, _) = await BoughtAsync(PurchaseStatus.Refunded, 500);

        var page = await browser.PageAsync($"/account/purchases/{purchase.Id}");

        Assert.Contains("no longer in your library", page.GetElementById(DomIds.Receipt)!.TextContent);
    }
}
