using System.Text.RegularExpressions;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Tests.Web.Admin;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Codex.Tests.Browser;

/// <summary>
/// A platform admin rewords a mail in Chromium: the live preview follows the subject as it is typed (htmx), the HTML
/// shows in its sandboxed frame with the mail's inline styles and no console error, and the edit is saved and then reset
/// after the confirmation.
/// </summary>
[Collection(TemplatePagesCollection.Name)]
public sealed class TemplatesBrowserTests(TemplatePagesFixture site, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private string Url(string path) => new Uri(site.System.SiteUrl, path).ToString();

    [Fact]
    public async Task AnAdminEditsASubject_SeesTheLivePreview_Saves_AndResets()
    {
        var data = new TestData(site);
        var admin = await data.UserAsync("Tess Admin", UserRole.Admin);
        var page = await browser.NewPageAsync(javaScript: true);
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        await page.Context.AddCookiesAsync([new Cookie
        {
            Name = "codex-session", Value = (await data.SessionCookieAsync(admin)).Split('=', 2)[1], Url = Url("/"),
            HttpOnly = true, SameSite = SameSiteAttribute.Lax,
        }]);
        try
        {
            await page.GotoAsync(Url("/admin/templates"));
            await page.ClickAsync("a:has-text('Reset a password')");
            await page.WaitForURLAsync(new Regex("/admin/templates/reset-password$"));
            var frame = page.FrameLocator("#" + DomIds.TemplatePreviewFrame);
            await Assertions.Expect(frame.Locator("p").First).ToHaveTextAsync("Hello Ada Lovelace,");
            // The mail's button keeps its inline style: the frame inherits the editor's policy, which allows it.
            Assert.Equal("rgb(29, 78, 216)", await frame.Locator("a").First.EvaluateAsync<string>("a => getComputedStyle(a).backgroundColor"));

            await page.FillAsync("#f-subject", "New password for {{ name }}");
            await Assertions.Expect(page.Locator($"#{DomIds.TemplatePreview} [data-preview=subject]")).ToHaveTextAsync("New password for Ada Lovelace");
            await page.FillAsync("#f-subject", "New password for {{ nmae }}");
            await Assertions.Expect(page.Locator($"#{DomIds.TemplatePreview} .notice")).ToContainTextAsync("{{nmae}} is not a placeholder");
            await page.FillAsync("#f-subject", "Your new password, {{name}}");
            await Assertions.Expect(page.Locator($"#{DomIds.TemplatePreview} [data-preview=subject]")).ToHaveTextAsync("Your new password, Ada Lovelace");

            await page.ClickAsync("button:has-text('Save template')");
            await Assertions.Expect(page.Locator($"#{DomIds.Flash}")).ToContainTextAsync("is saved");
            await Assertions.Expect(page.Locator("#f-subject")).ToHaveValueAsync("Your new password, {{name}}");
            await Assertions.Expect(page.Locator(".template-status")).ToContainTextAsync("Edited");

            await page.ClickAsync("a:has-text('Reset to default')");
            await Assertions.Expect(page.Locator($"#{DomIds.TemplateReset}[role=alertdialog]")).ToBeVisibleAsync();
            Assert.EndsWith("/admin/templates/reset-password", page.Url); // the confirmation came in place, by htmx
            await page.ClickAsync($"#{DomIds.TemplateResetForm} button:has-text('Reset to default')");
            await Assertions.Expect(page.Locator($"#{DomIds.Flash}")).ToContainTextAsync("back to the default wording");
            await Assertions.Expect(page.Locator("#f-subject")).ToHaveValueAsync("Reset your Codex password");
            Assert.Empty(errors);
        }
        finally
        {
            await page.Context.CloseAsync();
            await using var db = site.Db();
            await db.EmailTemplates.Where(t => t.Name == "reset-password").ExecuteDeleteAsync();
        }
    }
}
