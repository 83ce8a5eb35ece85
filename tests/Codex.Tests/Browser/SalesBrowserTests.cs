using System.Text.RegularExpressions;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Web.Features.Studio.Sales;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using AdminData = Codex.Tests.Workers.AdminApi.AdminApi;

namespace Codex.Tests.Browser;

/// <summary>
/// An owner opens the sales page, reads the chart's numbers, and refunds a purchase from its row: with JavaScript the
/// confirmation opens in place and posts through htmx; without it, it is a page of its own and a plain post.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class SalesBrowserTests(SiteFixture site, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private string Url(string path) => new Uri(site.System.SiteUrl, path).ToString();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AnOwnerRefundsAPurchaseFromItsRow(bool javaScript)
    {
        var data = new AdminData(site);
        var org = await data.Data.OrganizationAsync();
        var owner = await data.Data.UserAsync("Browser Owner");
        await data.Data.MembershipAsync(org, owner, MemberRole.Owner);
        var item = await data.PaidItemAsync(org, "Night shoots", priceCents: 900);
        var buyer = await data.Data.UserAsync("Rita Refund");
        var purchase = await data.PurchaseAsync(buyer, item, data.DaysAgo(1));
        var admin = await data.Data.SessionCookieAsync(await data.Data.UserAsync(role: UserRole.Admin));
        await data.GetAsync($"/api/admin/organizations/{org.Id}/analytics", admin); // first queries compile here, not in the page's budget
        var page = await browser.NewPageAsync(javaScript);
        await page.Context.AddCookiesAsync([new Cookie
        {
            Name = "codex-session", Value = (await data.Data.SessionCookieAsync(owner)).Split('=', 2)[1], Url = Url("/"),
            HttpOnly = true, SameSite = SameSiteAttribute.Lax,
        }]);

        var response = await page.GotoAsync(Url($"/studio/{org.Slug}/sales"));
        Assert.True(response!.Ok, $"sales answered {response.Status}");
        await Assertions.Expect(page.Locator("dd[data-total=revenue]")).ToHaveTextAsync("$9.00");
        await Assertions.Expect(page.Locator($"#{SalesDomIds.Chart} svg[role=img] rect")).ToHaveCountAsync(1);
        // The numbers behind the chart, in a table that opens without JavaScript.
        await page.ClickAsync($"#{SalesDomIds.Chart} summary");
        await Assertions.Expect(page.Locator($"#{SalesDomIds.Chart} details tbody tr")).ToHaveCountAsync(30);

        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        await page.ClickAsync($"tr[data-purchase-id='{purchase.Id}'] a:has-text('Refund')");
        if (!javaScript) await page.WaitForURLAsync(new Regex("/refund$"));
        await Assertions.Expect(page.Locator("#refund-heading")).ToHaveTextAsync("Refund Rita Refund?");
        Assert.Equal(javaScript, await page.EvaluateAsync<bool>("() => window.__sameDocument === true"));

        await page.ClickAsync($"#{SalesDomIds.RefundConfirm} button:has-text('Refund')");
        await Assertions.Expect(page.Locator("#f-reason-error")).ToBeVisibleAsync();
        await page.FillAsync("#f-reason", "Wrong item");
        await page.FillAsync("#f-amount", "3.00");
        await page.ClickAsync($"#{SalesDomIds.RefundConfirm} button:has-text('Refund')");

        await page.WaitForURLAsync(new Regex($"/studio/{org.Slug}/sales$"));
        await Assertions.Expect(page.Locator($"#{DomIds.Flash}")).ToContainTextAsync("Refunded $3.00 to Rita Refund; they keep access");
        await Assertions.Expect(page.Locator($"tr[data-purchase-id='{purchase.Id}'] td[data-label=Status]")).ToHaveTextAsync("Partly refunded");
        await Assertions.Expect(page.Locator("dd[data-total=revenue]")).ToHaveTextAsync("$6.00");
        await using var db = site.Db();
        Assert.Equal(300, (await db.Purchases.AsNoTracking().SingleAsync(p => p.Id == purchase.Id)).RefundedCents);
    }
}
