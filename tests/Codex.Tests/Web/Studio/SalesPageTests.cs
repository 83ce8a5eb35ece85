using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Web.Features.Studio.Sales;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using AdminData = Codex.Tests.Workers.AdminApi.AdminApi;

namespace Codex.Tests.Web.Studio;

/// <summary>
/// /studio/{org}/sales through HTTP against the whole system, with JavaScript off (plain GETs and form posts) and as
/// htmx fragments: the chart's numbers against the database, customers, CSV, complimentary access and refunds.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class SalesPageTests(SiteFixture fixture)
{
    private readonly AdminData _data = new(fixture);

    private sealed record Shop(Data.Organization Org, Data.User Owner, SiteBrowser Browser, Data.ContentItem Item)
    {
        public string Sales => "/studio/" + Org.Slug + "/sales";
    }

    private async Task<Shop> ShopAsync(MemberRole role = MemberRole.Owner)
    {
        var org = await _data.Data.OrganizationAsync();
        var owner = await _data.Data.UserAsync("Olive Owner");
        await _data.Data.MembershipAsync(org, owner, role);
        var item = await _data.PaidItemAsync(org, "Sourdough basics", priceCents: 1250, video: true);
        await WarmAsync(org);
        return new Shop(org, owner, await StudioCast.BrowserAsync(fixture, owner), item);
    }

    /// <summary>
    /// The Admin-API's first queries compile on first use, which on a loaded machine can take longer than the site's page
    /// budget for one worker (then the page rightly says the region is unavailable): asked once directly first.
    /// </summary>
    private async Task WarmAsync(Data.Organization org)
    {
        var admin = await _data.Data.SessionCookieAsync(await _data.Data.UserAsync(role: UserRole.Admin));
        await _data.GetAsync($"/api/admin/organizations/{org.Id}/analytics", admin);
        await _data.GetAsync($"/api/admin/organizations/{org.Id}/customers", admin);
    }

    private static decimal Dollars(string text) => decimal.Parse(text.Trim().TrimStart('$'), CultureInfo.InvariantCulture);

    [Fact]
    public async Task Get_Sales_FullPage_ChartTableAndTotals_EqualThePurchasesInTheDatabase_QuietDaysIncluded()
    {
        var shop = await ShopAsync();
        var second = await _data.PaidItemAsync(shop.Org, "Clay at home", priceCents: 800);
        await _data.PurchaseAsync(await _data.Data.UserAsync(), shop.Item, _data.DaysAgo(2, 9));
        await _data.PurchaseAsync(await _data.Data.UserAsync(), shop.Item, _data.DaysAgo(2, 15), refundedCents: 250);
        await _data.PurchaseAsync(await _data.Data.UserAsync(), second, _data.DaysAgo(5));
        await _data.PurchaseAsync(await _data.Data.UserAsync(), second, _data.DaysAgo(6), status: PurchaseStatus.Refunded, refundedCents: 800);
        await _data.PurchaseAsync(await _data.Data.UserAsync(), second, _data.DaysAgo(1), grantedBy: shop.Owner.Id);

        var response = await shop.Browser.GetAsync(shop.Sales);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("HX-Request", response.Headers.Vary);
        Assert.False(response.Headers.CacheControl?.Public ?? false);
        var page = await response.ParseAsync();
        Assert.Equal($"Sales | {shop.Org.Name} studio | Codex", page.Title);
        var svg = page.QuerySelector($"#{SalesDomIds.Chart} svg")!;
        Assert.Equal("img", svg.GetAttribute("role"));
        Assert.NotNull(svg.QuerySelector("title"));
        Assert.Contains("4 purchases", svg.QuerySelector("desc")!.TextContent);
        var rows = page.QuerySelectorAll($"#{SalesDomIds.Chart} details tbody tr");
        Assert.Equal(30, rows.Length);

        await using var db = fixture.Db();
        var purchases = await db.Purchases.AsNoTracking().Where(p => p.OrganizationId == shop.Org.Id).ToListAsync();
        var sales = purchases.Where(p => p.GrantedById is null).ToList();
        foreach (var row in rows)
        {
            var date = DateOnly.ParseExact(row.GetAttribute("data-date")!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var ofDay = sales.Where(p => DateOnly.FromDateTime(p.PurchasedAt!.Value.UtcDateTime) == date).ToList();
            Assert.Equal(ofDay.Sum(p => p.PriceCents - p.RefundedCents) / 100m, Dollars(row.QuerySelector("td[data-label=Revenue]")!.TextContent));
            Assert.Equal(ofDay.Count, int.Parse(row.QuerySelector("td[data-label=Purchases]")!.TextContent, CultureInfo.InvariantCulture));
            var bar = svg.QuerySelector($"rect[data-date='{date:yyyy-MM-dd}']");
            Assert.Equal(ofDay.Sum(p => p.PriceCents - p.RefundedCents) > 0, bar is not null);
        }
        Assert.Contains(rows, r => r.QuerySelector("td[data-label=Purchases]")!.TextContent == "0");
        Assert.Equal(sales.Sum(p => p.PriceCents - p.RefundedCents) / 100m, Dollars(page.QuerySelector("dd[data-total=revenue]")!.TextContent));
        Assert.Equal("4", page.QuerySelector("dd[data-total=purchases]")!.TextContent.Trim());
        Assert.Equal("1", page.QuerySelector("dd[data-total=grants]")!.TextContent.Trim());
        var top = page.QuerySelectorAll(".sales-top tbody th").Select(t => t.TextContent.Trim()).ToList();
        Assert.Equal(["Sourdough basics", "Clay at home"], top);
        var customerRows = page.QuerySelectorAll($"#{SalesDomIds.Customers} tbody tr");
        Assert.Equal(5, customerRows.Length);
        // A refund is offered where money is left to give back: not on a grant, nor on a fully refunded purchase.
        Assert.Equal(3, page.QuerySelectorAll($"#{SalesDomIds.Customers} a[href$='/refund']").Length);
        Assert.NotNull(page.QuerySelector($"a[href='{shop.Sales}/customers.csv']"));
        Assert.NotNull(page.QuerySelector($"form#{SalesDomIds.GrantForm}[method=post] input[name=Item][list={SalesDomIds.GrantItems}]"));
        Assert.Contains("Sourdough basics", page.QuerySelectorAll($"datalist#{SalesDomIds.GrantItems} option").Select(o => o.GetAttribute("value")));
    }

    [Fact]
    public async Task Get_Sales_Period_IsAPlainGetForm_7DaysGives7Rows_AndAnUnknownPeriod_Is400WithTheDefault()
    {
        var shop = await ShopAsync();

        var page = await shop.Browser.PageAsync(shop.Sales);
        var week = await shop.Browser.PageAsync(shop.Sales + "?days=7");
        var odd = await shop.Browser.GetAsync(shop.Sales + "?days=13");

        var form = page.GetElementById(SalesDomIds.PeriodForm)!;
        Assert.Equal(("get", shop.Sales), (form.GetAttribute("method"), form.GetAttribute("action")));
        Assert.Equal(["7", "30", "90"], form.QuerySelectorAll("select[name=days] option").Select(o => o.GetAttribute("value")));
        Assert.Equal(7, week.QuerySelectorAll($"#{SalesDomIds.Chart} details tbody tr").Length);
        Assert.Equal(HttpStatusCode.BadRequest, odd.StatusCode);
        var oddPage = await odd.ParseAsync();
        Assert.Equal(30, oddPage.QuerySelectorAll($"#{SalesDomIds.Chart} details tbody tr").Length);
        Assert.Contains("7, 30 or 90", oddPage.GetElementById(SalesDomIds.Customers)!.TextContent);
    }

    [Fact]
    public async Task Get_Sales_AsHtmx_IsTheOverviewFragment_AndCustomers_TheirFragment_SearchedAndPaged()
    {
        var shop = await ShopAsync();
        await _data.PurchaseAsync(await _data.Data.UserAsync("Quentin Findable"), shop.Item, _data.DaysAgo(1));
        for (var i = 0; i < 21; i++) await _data.PurchaseAsync(await _data.Data.UserAsync("Buyer " + i), shop.Item, _data.DaysAgo(3, i));

        var overview = await shop.Browser.SendAsync(Html.Htmx(shop.Sales + "?days=7"));
        var search = await shop.Browser.SendAsync(Html.Htmx(shop.Sales + "/customers?q=quentin"));
        var second = await shop.Browser.SendAsync(Html.Htmx(shop.Sales + "/customers?page=2"));
        var noJs = await shop.Browser.GetAsync(shop.Sales + "/customers?q=quentin");
        var plainSecond = await shop.Browser.PageAsync(shop.Sales + "?page=2");

        var (overviewRaw, overviewDoc) = await overview.ParseFragmentAsync();
        Assert.StartsWith($"<div id=\"{SalesDomIds.Overview}\"", overviewRaw.TrimStart());
        Assert.Equal(7, overviewDoc.QuerySelectorAll("details tbody tr").Length);
        Assert.Contains("HX-Request", overview.Headers.Vary);
        var (searchRaw, searchDoc) = await search.ParseFragmentAsync();
        Assert.StartsWith($"<div id=\"{SalesDomIds.Customers}\"", searchRaw.TrimStart());
        Assert.Equal("Quentin Findable", searchDoc.QuerySelector("tbody th")!.ChildNodes[0].TextContent.Trim());
        Assert.Single(searchDoc.QuerySelectorAll("tbody tr"));
        Assert.Equal(2, (await second.ParseFragmentAsync()).Document.QuerySelectorAll("tbody tr").Length);
        Assert.Equal(HttpStatusCode.Found, noJs.StatusCode);
        Assert.Equal(shop.Sales + "?q=quentin", noJs.Headers.Location!.ToString());
        Assert.Equal(2, plainSecond.QuerySelectorAll($"#{SalesDomIds.Customers} tbody tr").Length);
        Assert.NotNull(plainSecond.QuerySelector($"#{SalesDomIds.Customers} a[href='{shop.Sales}/customers']"));
    }

    [Theory]
    [InlineData(MemberRole.Creator, HttpStatusCode.Forbidden)]
    [InlineData(MemberRole.Member, HttpStatusCode.Forbidden)]
    [InlineData(MemberRole.Admin, HttpStatusCode.OK)]
    public async Task Get_Sales_ByRole_OnlyOwnersAndAdminsSeeMoney(MemberRole role, HttpStatusCode status)
    {
        var shop = await ShopAsync(role);

        var page = await shop.Browser.GetAsync(shop.Sales);
        var csv = await shop.Browser.GetAsync(shop.Sales + "/customers.csv");

        Assert.Equal((status, status), (page.StatusCode, csv.StatusCode));
    }

    [Fact]
    public async Task Get_Sales_Anonymous_IsSentToSignIn()
    {
        var shop = await ShopAsync();
        var anonymous = new SiteBrowser(fixture.System.SiteUrl);

        var response = await anonymous.GetAsync(shop.Sales);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.StartsWith("/login?redirect=", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Get_Csv_IsEveryCustomer_EscapedAgainstFormulas_AsAnAttachment()
    {
        var shop = await ShopAsync();
        await _data.PurchaseAsync(await _data.Data.UserAsync("=cmd|' /C calc'!A0"), shop.Item, _data.DaysAgo(1));
        for (var i = 0; i < 104; i++) await _data.PurchaseAsync(await _data.Data.UserAsync("Buyer " + i), shop.Item, _data.DaysAgo(2));

        var response = await shop.Browser.GetAsync(shop.Sales + "/customers.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition!.ToString());
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + 105, lines.Length);
        Assert.Contains(",'=cmd|' /C calc'!A0,", lines[1]);
    }

    [Fact]
    public async Task Post_Grant_WithoutJs_RedirectsWithAFlash_AndTheFriendCanPlayIt()
    {
        var shop = await ShopAsync();
        var friend = await _data.Data.UserAsync("Fay Friend");
        var page = await shop.Browser.PageAsync(shop.Sales);

        var response = await shop.Browser.SubmitAsync(page, $"#{SalesDomIds.GrantForm}",
            new() { ["Email"] = friend.Email, ["Item"] = " sourdough BASICS " });
        var after = await shop.Browser.FollowAsync(response);
        var again = await shop.Browser.SubmitAsync(page, $"#{SalesDomIds.GrantForm}",
            new() { ["Email"] = friend.Email, ["Item"] = $"https://codex.test/o/{shop.Org.Slug}/content/{shop.Item.Slug}" });

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(shop.Sales, response.Headers.Location!.ToString());
        Assert.Contains("Fay Friend now has complimentary access", after.GetElementById(DomIds.Flash)!.TextContent);
        Assert.Contains("Complimentary", after.GetElementById(SalesDomIds.Customers)!.TextContent);
        Assert.Contains("already had", (await shop.Browser.FollowAsync(again)).GetElementById(DomIds.Flash)!.TextContent);
        Assert.Equal(HttpStatusCode.OK, await _data.StreamAsync(shop.Item.Id, await _data.Data.SessionCookieAsync(friend)));
    }

    [Fact]
    public async Task Post_Grant_UnknownEmail_Answers422WithTheErrorInline_KeepingWhatWasTyped_InBothShapes()
    {
        var shop = await ShopAsync();
        var page = await shop.Browser.PageAsync(shop.Sales);
        var fields = new Dictionary<string, string> { ["Email"] = "nobody-here@example.test", ["Item"] = shop.Item.Title };

        var full = await shop.Browser.SubmitAsync(page, $"#{SalesDomIds.GrantForm}", fields);
        var fragment = await shop.Browser.SubmitAsync(page, $"#{SalesDomIds.GrantForm}", fields, htmx: true);
        var empty = await shop.Browser.SubmitAsync(page, $"#{SalesDomIds.GrantForm}", new() { ["Email"] = "", ["Item"] = "" }, htmx: true);
        var unknownItem = await shop.Browser.SubmitAsync(page, $"#{SalesDomIds.GrantForm}",
            new() { ["Email"] = (await _data.Data.UserAsync()).Email, ["Item"] = "No such title" }, htmx: true);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, full.StatusCode);
        var fullPage = await full.ParseAsync();
        var form = fullPage.GetElementById(SalesDomIds.GrantForm)!;
        Assert.Equal("nobody-here@example.test", form.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=Email]")!.Value);
        Assert.Contains("register", form.QuerySelector("#f-email-error")!.TextContent);
        Assert.Equal(shop.Item.Title, form.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=Item]")!.Value);
        Assert.NotNull(fullPage.GetElementById(SalesDomIds.Chart)); // the rest of the page is there too
        Assert.Equal(HttpStatusCode.UnprocessableEntity, fragment.StatusCode);
        Assert.StartsWith($"<form id=\"{SalesDomIds.GrantForm}\"", (await fragment.ParseFragmentAsync()).Raw.TrimStart());
        var (_, emptyDoc) = await empty.ParseFragmentAsync();
        Assert.NotNull(emptyDoc.QuerySelector("#f-email-error"));
        Assert.NotNull(emptyDoc.QuerySelector("#f-item-error"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownItem.StatusCode);
        Assert.Contains("No item", (await unknownItem.ParseFragmentAsync()).Document.QuerySelector("#f-item-error")!.TextContent);
    }

    [Fact]
    public async Task Refund_FromARow_ConfirmationInBothShapes_ThenAPartialRefund_KeepsAccess_AndAFullOne_EndsIt()
    {
        var shop = await ShopAsync();
        var buyer = await _data.Data.UserAsync("Bea Buyer");
        var buyerCookie = await _data.Data.SessionCookieAsync(buyer);
        var purchase = await _data.PurchaseAsync(buyer, shop.Item, _data.DaysAgo(1));
        var sales = await shop.Browser.PageAsync(shop.Sales);
        var link = sales.QuerySelector($"tr[data-purchase-id='{purchase.Id}'] a[href$='/refund']")!.GetAttribute("href")!;

        var confirm = await shop.Browser.PageAsync(link);
        var fragment = await shop.Browser.SendAsync(Html.Htmx(link));
        var partial = await shop.Browser.SubmitAsync(confirm, $"#{SalesDomIds.RefundConfirm} form", new() { ["Reason"] = "Late", ["Amount"] = "2.50" });
        var afterPartial = await shop.Browser.FollowAsync(partial);
        var streamAfterPartial = await _data.StreamAsync(shop.Item.Id, buyerCookie);
        var full = await shop.Browser.SubmitAsync(await shop.Browser.PageAsync(link), $"#{SalesDomIds.RefundConfirm} form", new() { ["Reason"] = "Unhappy", ["Amount"] = "" });

        Assert.Contains("$12.50", confirm.GetElementById(SalesDomIds.RefundConfirm)!.TextContent);
        Assert.StartsWith($"<div id=\"{SalesDomIds.RefundConfirm}\"", (await fragment.ParseFragmentAsync()).Raw.TrimStart());
        Assert.Equal(HttpStatusCode.SeeOther, partial.StatusCode);
        Assert.Contains("Refunded $2.50 to Bea Buyer; they keep access", afterPartial.GetElementById(DomIds.Flash)!.TextContent);
        Assert.Equal(HttpStatusCode.OK, streamAfterPartial);
        Assert.Equal(HttpStatusCode.SeeOther, full.StatusCode);
        Assert.Contains("access to \u201cSourdough basics\u201d has ended", (await shop.Browser.FollowAsync(full)).GetElementById(DomIds.Flash)!.TextContent);
        Assert.Equal(HttpStatusCode.Forbidden, await _data.StreamAsync(shop.Item.Id, buyerCookie));
        await using var db = fixture.Db();
        var stored = await db.Purchases.AsNoTracking().SingleAsync(p => p.Id == purchase.Id);
        Assert.Equal((PurchaseStatus.Refunded, 1250), (stored.Status, stored.RefundedCents));
    }

    [Fact]
    public async Task Refund_Submitted_Twice_WithTheSameForm_RefundsOnce()
    {
        var shop = await ShopAsync();
        var purchase = await _data.PurchaseAsync(await _data.Data.UserAsync(), shop.Item, _data.DaysAgo(1));
        var confirm = await shop.Browser.PageAsync($"{shop.Sales}/purchases/{purchase.Id}/refund");
        var fields = new Dictionary<string, string> { ["Reason"] = "Double click", ["Amount"] = "1.00" };

        var both = await Task.WhenAll(shop.Browser.SubmitAsync(confirm, $"#{SalesDomIds.RefundConfirm} form", fields),
            shop.Browser.SubmitAsync(confirm, $"#{SalesDomIds.RefundConfirm} form", fields));
        var third = await shop.Browser.SubmitAsync(confirm, $"#{SalesDomIds.RefundConfirm} form", fields);

        Assert.All(both.Append(third), r => Assert.Equal(HttpStatusCode.SeeOther, r.StatusCode));
        await using var db = fixture.Db();
        Assert.Equal(100, (await db.Purchases.AsNoTracking().SingleAsync(p => p.Id == purchase.Id)).RefundedCents);
    }

    [Fact]
    public async Task Refund_TooMuchOrNoReason_Answers422Inline_KeepingWhatWasTyped_InBothShapes()
    {
        var shop = await ShopAsync();
        var purchase = await _data.PurchaseAsync(await _data.Data.UserAsync(), shop.Item, _data.DaysAgo(1));
        var confirm = await shop.Browser.PageAsync($"{shop.Sales}/purchases/{purchase.Id}/refund");

        var tooMuch = await shop.Browser.SubmitAsync(confirm, $"#{SalesDomIds.RefundConfirm} form", new() { ["Reason"] = "Generous", ["Amount"] = "99.00" });
        var noReason = await shop.Browser.SubmitAsync(confirm, $"#{SalesDomIds.RefundConfirm} form", new() { ["Reason"] = "", ["Amount"] = "1.00" }, htmx: true);
        var garbled = await shop.Browser.SubmitAsync(confirm, $"#{SalesDomIds.RefundConfirm} form", new() { ["Reason"] = "x", ["Amount"] = "lots" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMuch.StatusCode);
        var page = await tooMuch.ParseAsync();
        Assert.Equal("Generous", page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=Reason]")!.Value);
        Assert.Equal("99.00", page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=Amount]")!.Value);
        Assert.Contains("At most $12.50 of this purchase", page.QuerySelector("#f-amount-error")!.TextContent);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        var (raw, doc) = await noReason.ParseFragmentAsync();
        Assert.StartsWith($"<div id=\"{SalesDomIds.RefundConfirm}\"", raw.TrimStart());
        Assert.NotNull(doc.QuerySelector("#f-reason-error"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, garbled.StatusCode);
        await using var db = fixture.Db();
        Assert.Equal(0, (await db.Purchases.AsNoTracking().SingleAsync(p => p.Id == purchase.Id)).RefundedCents);
    }

    [Fact]
    public async Task Refund_OfAnotherOrganizationsPurchase_IsNotFoundHere_NeitherShownNorRefunded_EvenForAPlatformAdmin()
    {
        var shop = await ShopAsync();
        var own = await _data.PurchaseAsync(await _data.Data.UserAsync(), shop.Item, _data.DaysAgo(1));
        var elsewhere = await _data.PaidItemAsync(await _data.Data.OrganizationAsync());
        var purchase = await _data.PurchaseAsync(await _data.Data.UserAsync(), elsewhere, _data.DaysAgo(1));
        var platformAdmin = await StudioCast.BrowserAsync(fixture, await _data.Data.UserAsync("Pat Platform", UserRole.Admin));
        var fields = new Dictionary<string, string> { ["Reason"] = "Not ours", ["Amount"] = "" };

        var results = new List<HttpStatusCode>();
        foreach (var browser in new[] { shop.Browser, platformAdmin })
        {
            // A form of this organization's own (its antiforgery token is good), sent to the other one's purchase.
            var confirm = await browser.PageAsync($"{shop.Sales}/purchases/{own.Id}/refund");
            var post = SiteBrowser.FormRequest(confirm, $"#{SalesDomIds.RefundConfirm} form", fields);
            post.RequestUri = new Uri($"{shop.Sales}/purchases/{purchase.Id}/refund", UriKind.Relative);
            results.Add((await browser.GetAsync($"{shop.Sales}/purchases/{purchase.Id}/refund")).StatusCode);
            results.Add((await browser.SendAsync(post)).StatusCode);
        }

        Assert.All(results, status => Assert.Equal(HttpStatusCode.NotFound, status));
        await using var db = fixture.Db();
        Assert.Equal(0, (await db.Purchases.AsNoTracking().SingleAsync(p => p.Id == purchase.Id)).RefundedCents);
        Assert.False(await db.AuditLog.AnyAsync(a => a.TargetId == purchase.Id.ToString()));
    }

    [Fact]
    public async Task Post_Grant_ReachesAnItemBeyondTheSuggestions_ByItsTitle()
    {
        var shop = await ShopAsync();
        await using (var db = fixture.Db())
        {
            var template = await db.Content.AsNoTracking().SingleAsync(c => c.Id == shop.Item.Id);
            for (var i = 0; i < Codex.Contracts.Paging.MaxLimit; i++)
            {
                var id = Guid.NewGuid();
                db.Content.Add(new Data.ContentItem
                {
                    Id = id, OrganizationId = shop.Org.Id, CreatorId = template.CreatorId, Title = $"Aa item {i:000}", Slug = $"aa-item-{id:N}",
                    ContentType = ContentType.Written, ContentBody = "Text", Status = template.Status, AccessType = AccessType.Paid, PriceCents = 300,
                    // newer than the item, so that the suggestions (the first page of paid items) leave it out
                    PublishedAt = template.PublishedAt?.AddMinutes(1 + i), CreatedAt = template.CreatedAt.AddMinutes(1 + i),
                    UpdatedAt = template.UpdatedAt.AddMinutes(1 + i),
                });
            }
            await db.SaveChangesAsync();
        }
        var friend = await _data.Data.UserAsync("Fay Friend");
        var page = await shop.Browser.PageAsync(shop.Sales);

        var response = await shop.Browser.SubmitAsync(page, $"#{SalesDomIds.GrantForm}", new() { ["Email"] = friend.Email, ["Item"] = "Sourdough basics" });

        Assert.DoesNotContain("Sourdough basics", page.QuerySelectorAll($"datalist#{SalesDomIds.GrantItems} option").Select(o => o.GetAttribute("value")));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await _data.StreamAsync(shop.Item.Id, await _data.Data.SessionCookieAsync(friend)));
    }

    [Fact]
    public async Task Dashboard_ShowsSalesThisMonth_ToTheOwner_AndNoMoneyToACreator()
    {
        var shop = await ShopAsync();
        var today = fixture.Clock.GetUtcNow();
        await _data.PurchaseAsync(await _data.Data.UserAsync(), shop.Item, new DateTimeOffset(today.Year, today.Month, 1, 0, 0, 1, TimeSpan.Zero));
        await _data.PurchaseAsync(await _data.Data.UserAsync(), shop.Item, new DateTimeOffset(today.Year, today.Month, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(-1));
        var creator = await _data.Data.UserAsync("Cleo");
        await _data.Data.MembershipAsync(shop.Org, creator, MemberRole.Creator);
        var creatorBrowser = await StudioCast.BrowserAsync(fixture, creator);

        var ownerView = await shop.Browser.PageAsync("/studio/" + shop.Org.Slug);
        var creatorView = await creatorBrowser.GetAsync("/studio/" + shop.Org.Slug);

        var panel = ownerView.QuerySelector("[data-panel=sales]")!;
        Assert.Contains("$12.50 from 1 purchase", panel.TextContent);
        Assert.NotNull(panel.QuerySelector($"a[href='{shop.Sales}']"));
        Assert.Equal(HttpStatusCode.OK, creatorView.StatusCode);
        Assert.Null((await creatorView.ParseAsync()).QuerySelector("[data-panel=sales]"));
    }

    [Fact]
    public async Task DemoOrganizations_HaveTwoMonthsOfSales_ARefundAndAGrant_AndPurchaseCountsAgreeWithThem()
    {
        await using var db = fixture.Db();
        var orgs = await db.Organizations.AsNoTracking().Where(o => o.Slug == "northwind-studio" || o.Slug == "lumen-audio" || o.Slug == "fieldnotes-press")
            .Select(o => o.Id).ToListAsync();
        // Other tests of this fixture may buy demo items too (through checkout, or rows of their own).
        var all = await db.Purchases.AsNoTracking().Where(p => orgs.Contains(p.OrganizationId)).ToListAsync();
        var purchases = all.Where(p => p.CheckoutSessionId.StartsWith("cs_demo_", StringComparison.Ordinal)
            || (p.GrantedById != null && p.CheckoutSessionId.StartsWith("grant_", StringComparison.Ordinal))).ToList();
        var items = await db.Content.AsNoTracking().Where(c => orgs.Contains(c.OrganizationId)).ToListAsync();

        Assert.Equal(3, orgs.Count);
        foreach (var org in orgs)
        {
            var ofOrg = purchases.Where(p => p.OrganizationId == org).ToList();
            Assert.True(ofOrg.Count(p => p.GrantedById is null) >= 10, "a believable number of sales");
            Assert.Contains(ofOrg, p => p.Status == PurchaseStatus.Refunded);
            Assert.Contains(ofOrg, p => p.Status == PurchaseStatus.Completed && p.RefundedCents > 0);
            Assert.Single(ofOrg, p => p.GrantedById is not null);
        }
        var now = fixture.Clock.GetUtcNow();
        Assert.All(purchases, p => Assert.InRange(p.PurchasedAt!.Value, now.AddDays(-61), now));
        // Items no other test of this fixture has bought (or added a purchase row to) show exactly the seeded count.
        var untouched = items.Where(i => all.Where(p => p.ContentId == i.Id).All(purchases.Contains)).ToList();
        Assert.True(untouched.Count >= 60, $"only {untouched.Count} demo items left untouched by other tests");
        foreach (var item in untouched)
            Assert.Equal(purchases.Count(p => p.ContentId == item.Id && p.GrantedById is null), item.PurchaseCount);
    }
}
