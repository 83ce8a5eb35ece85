using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Codex.Tests.Browser;

/// <summary>
/// An owner brands their space in Chromium: with JavaScript the preview follows the inputs as they change (the
/// contrast fallback included); without, the Preview button shows the same. Either way the logo is uploaded with the
/// plain form, the settings are saved, and the space shows both.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class SettingsBrowserTests(SiteFixture site, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly PageWaitForFunctionOptions Generous = new() { Timeout = 30_000 };

    private string Url(string path) => new Uri(site.System.SiteUrl, path).ToString();

    private async Task<(IPage Page, Data.Organization Org)> OwnerAsync(bool javaScript)
    {
        var data = new TestData(site);
        var org = await data.OrganizationAsync();
        var user = await data.UserAsync("Owner");
        await data.MembershipAsync(org, user, MemberRole.Owner);
        var page = await browser.NewPageAsync(javaScript);
        await page.Context.AddCookiesAsync([new Cookie
        {
            Name = SessionCookie.Name, Value = (await data.SessionCookieAsync(user)).Split('=', 2)[1], Url = Url("/"), HttpOnly = true,
        }]);
        return (page, org);
    }

    private static Task<string> PreviewStyleAsync(IPage page, string property) =>
        page.Locator("#brand-preview").EvaluateAsync<string>($"e => getComputedStyle(e).{property}");

    private static Task WaitForPreviewAsync(IPage page, string property, string value) =>
        page.WaitForFunctionAsync($"() => getComputedStyle(document.getElementById('brand-preview')).{property} === '{value}'", null, Generous);

    private static async Task UploadLogoAsync(IPage page)
    {
        await page.SetInputFilesAsync("#f-logo", Path.Combine(AppContext.BaseDirectory, "Fixtures", "logos", "logo.png"));
        await page.ClickAsync("#logo-form button[type=submit]");
        await page.Locator("#flash").WaitForAsync(new() { Timeout = 60_000 });
        Assert.Contains("Logo uploaded", await page.InnerTextAsync("#flash"));
        Assert.True(await page.Locator(".logo-current-image").EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 64"));
    }

    private async Task SpaceShowsItAsync(IPage page, Data.Organization org)
    {
        var response = await page.GotoAsync(Url($"/o/{org.Slug}"));
        Assert.True(response!.Ok, $"GET /o/{org.Slug}: {response.Status}");
        var logo = page.Locator("img.org-logo");
        await logo.WaitForAsync(new() { Timeout = 30_000 });
        Assert.Equal($"{org.Name} logo", await logo.GetAttributeAsync("alt"));
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('img.org-logo'); return i.complete && i.naturalWidth === 64; }", null, Generous);
        Assert.Equal("rgb(253, 246, 227)", await page.Locator("body").EvaluateAsync<string>("b => getComputedStyle(b).backgroundColor"));
        Assert.Equal("rgb(11, 61, 46)", await page.Locator("h1").EvaluateAsync<string>("h => getComputedStyle(document.querySelector('.org-links a')).color"));
        await using var db = site.Db();
        var settings = await db.OrganizationSettings.SingleAsync(s => s.OrganizationId == org.Id);
        Assert.Equal(("#0b3d2e", "#fdf6e3"), (settings.PrimaryColorHex, settings.BackgroundColorHex));
    }

    [Fact]
    public async Task WithJavaScript_ThePreviewFollowsTheInputs_ThenTheSpaceShowsWhatWasSaved()
    {
        var (page, org) = await OwnerAsync(javaScript: true);
        try
        {
            await page.GotoAsync(Url($"/studio/{org.Slug}/settings"));
            await UploadLogoAsync(page);
            Assert.Equal("rgb(255, 255, 255)", await PreviewStyleAsync(page, "backgroundColor"));
            var navigations = 0;
            page.FrameNavigated += (_, _) => navigations++;

            // A dark background: the preview turns dark and its text white, as the space would.
            await page.FillAsync("#f-backgroundcolor", "#101820");
            await WaitForPreviewAsync(page, "backgroundColor", "rgb(16, 24, 32)");
            await WaitForPreviewAsync(page, "color", "rgb(255, 255, 255)");
            Assert.True(await page.Locator("#f-backgroundcolor-picker").EvaluateAsync<bool>("p => p.value === '#101820'"));

            // The picker fills the text field; a light background again.
            await page.Locator("#f-primarycolor-picker").FillAsync("#0b3d2e");
            Assert.Equal("#0b3d2e", await page.InputValueAsync("#f-primarycolor"));
            await page.FillAsync("#f-backgroundcolor", "#fdf6e3");
            await WaitForPreviewAsync(page, "backgroundColor", "rgb(253, 246, 227)");
            await page.WaitForFunctionAsync("() => getComputedStyle(document.querySelector('#brand-preview a')).color === 'rgb(11, 61, 46)'", null, Generous);
            await page.FillAsync("#f-name", "Live Name");
            Assert.Equal("Live Name", await page.InnerTextAsync("[data-preview-name]"));
            Assert.Equal(0, navigations);

            await page.FillAsync("#f-name", org.Name);
            await page.ClickAsync("button[value=save]");
            await page.Locator("#flash:has-text('Settings saved')").WaitForAsync(new() { Timeout = 60_000 });
            Assert.Contains("Settings saved", await page.InnerTextAsync("#flash"));
            await SpaceShowsItAsync(page, org);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task WithoutJavaScript_PreviewShowsTheUnsavedValues_ThenSaveStoresThem()
    {
        var (page, org) = await OwnerAsync(javaScript: false);
        try
        {
            await page.GotoAsync(Url($"/studio/{org.Slug}/settings"));
            await UploadLogoAsync(page);

            await page.FillAsync("#f-primarycolor", "#0b3d2e");
            await page.FillAsync("#f-backgroundcolor", "#fdf6e3");
            await page.ClickAsync("button[value=preview]");
            await page.Locator(".notice[role=status]").WaitForAsync(new() { Timeout = 60_000 });

            Assert.Contains("nothing is saved", await page.InnerTextAsync(".notice[role=status]"));
            Assert.Equal("rgb(253, 246, 227)", await PreviewStyleAsync(page, "backgroundColor"));
            Assert.Equal("#0b3d2e", await page.InputValueAsync("#f-primarycolor"));
            await using (var db = site.Db())
                Assert.False(await db.OrganizationSettings.AnyAsync(s => s.OrganizationId == org.Id && s.PrimaryColorHex != null));

            await page.ClickAsync("button[value=save]");
            await page.Locator("#flash:has-text('Settings saved')").WaitForAsync(new() { Timeout = 60_000 });
            Assert.Contains("Settings saved", await page.InnerTextAsync("#flash"));
            await SpaceShowsItAsync(page, org);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
