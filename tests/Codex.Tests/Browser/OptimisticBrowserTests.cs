using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Codex.Tests.Browser;

/// <summary>
/// Issue 16, optimistic updates (ADR 039), in Chromium: a library card's progress bar follows a player in another tab
/// without a reload; joining, leaving and marking complete show their result before the server answers, stay right when
/// it agrees, and come back as they were, with a toast saying why, when it refuses.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class OptimisticBrowserTests(SiteFixture site, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private readonly TestData _data = new(site);

    private string Url(string path) => new Uri(site.System.SiteUrl, path).ToString();

    private async Task<IPage> SignedInAsync(Data.User user)
    {
        var page = await browser.NewPageAsync();
        await page.Context.AddCookiesAsync([new Cookie
        {
            Name = "codex-session", Value = (await _data.SessionCookieAsync(user)).Split('=', 2)[1], Url = Url("/"), HttpOnly = true,
        }]);
        return page;
    }

    private async Task<Data.Organization> OpenOrganizationAsync()
    {
        var org = await _data.OrganizationAsync();
        await _data.MembershipAsync(org, await _data.UserAsync("Owner"), MemberRole.Owner);
        await using var db = site.Db();
        db.OrganizationSettings.Add(new Data.OrganizationSettings { OrganizationId = org.Id, EnableSignups = true });
        await db.SaveChangesAsync();
        return org;
    }

    [Fact]
    public async Task LibraryCard_ProgressBarMoves_WhileAnotherTabPlays_WithoutAReload()
    {
        Data.ContentItem item;
        await using (var db = site.Db())
        {
            item = await db.Content.Include(c => c.Organization)
                .Where(c => c.Organization!.Slug == "fieldnotes-press" && c.ContentType == ContentType.Video && c.AccessType == AccessType.Free)
                .OrderBy(c => c.Slug).FirstAsync();
        }
        var user = await _data.UserAsync("Two tabs");
        await _data.ProgressAsync(user, item, 2, 8, completed: false, DateTimeOffset.UtcNow.AddMinutes(-5));
        var library = await SignedInAsync(user);
        await library.GotoAsync(Url("/library"));
        var bar = library.Locator($".continue-watching [data-progress-id='{item.Id}'] progress");
        await Assertions.Expect(bar).ToHaveAttributeAsync("value", "25");
        await library.EvaluateAsync("() => { window.notReloaded = true; }");

        var player = await library.Context.NewPageAsync();
        await player.GotoAsync(Url($"/o/{item.Organization!.Slug}/content/{item.Slug}"));
        await player.WaitForFunctionAsync("() => document.querySelector('#player video').readyState >= 1");
        // It resumes at 0:02: play on from there (muted, as autoplay rules allow) until the time moved, then pause.
        await player.EvaluateAsync("() => { const v = document.querySelector('#player video'); window.from = v.currentTime; v.muted = true; return v.play(); }");
        await player.WaitForFunctionAsync("() => document.querySelector('#player video').currentTime > window.from + 0.3");
        await player.EvaluateAsync("() => document.querySelector('#player video').pause()");
        await player.EvaluateAsync("() => { document.querySelector('#player video').currentTime = 6; }");

        // 6 of 8 seconds: the other tab's bar says 75 % (the video may have played on a little: at least 75).
        await library.WaitForFunctionAsync(
            $"() => document.querySelector(\".continue-watching [data-progress-id='{item.Id}'] progress\").value >= 75");
        Assert.Matches("^(7[5-9]|[89][0-9]|100)% watched$", await bar.GetAttributeAsync("aria-label"));
        Assert.True(await library.EvaluateAsync<bool>("() => window.notReloaded === true"));
        await library.Context.CloseAsync();
    }

    [Fact]
    public async Task Join_FlipsAtOnce_AndUndoesWithAToast_WhenTheServerRefuses()
    {
        var org = await OpenOrganizationAsync();
        var page = await SignedInAsync(await _data.UserAsync("Refused joiner"));
        await page.GotoAsync(Url($"/o/{org.Slug}"));
        var answer = new TaskCompletionSource<(int Status, string Body, string Type)>();
        await page.RouteAsync("**/join", async route =>
        {
            var (status, body, type) = await answer.Task;
            await route.FulfillAsync(new RouteFulfillOptions { Status = status, Body = body, ContentType = type });
        });
        var button = page.Locator($"#{DomIds.JoinPanel} button");

        await button.ClickAsync();
        // The server has not answered (the route holds the request): the button already says the new state.
        await Assertions.Expect(button).ToHaveTextAsync($"Leave {org.Name}");
        await Assertions.Expect(page.Locator($"#{DomIds.JoinPanel}")).ToContainTextAsync($"You are a member of {org.Name}.");
        answer.SetResult((403, "Membership of this organization is by invitation.", "text/plain; charset=utf-8"));

        await Assertions.Expect(button).ToHaveTextAsync($"Join {org.Name} (free)");
        await Assertions.Expect(page.Locator($"#{DomIds.Toasts}")).ToContainTextAsync("Membership of this organization is by invitation.");
        await Assertions.Expect(button).ToBeFocusedAsync();

        // A server that is down: the same undo, and the toast says so.
        await page.UnrouteAsync("**/join");
        await page.RouteAsync("**/join", route => route.FulfillAsync(new RouteFulfillOptions { Status = 503, Body = "<p>down</p>", ContentType = "text/html" }));
        await button.ClickAsync();
        await Assertions.Expect(page.Locator($"#{DomIds.Toasts}")).ToContainTextAsync("could not do that just now");
        await Assertions.Expect(button).ToHaveTextAsync($"Join {org.Name} (free)");
        await using var db = site.Db();
        Assert.False(await db.Memberships.AnyAsync(m => m.OrganizationId == org.Id && m.User!.Name == "Refused joiner"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task JoinThenLeave_WithJavaScript_StayRight_WhenTheServerAgrees()
    {
        var org = await OpenOrganizationAsync();
        var user = await _data.UserAsync("Happy joiner");
        var page = await SignedInAsync(user);
        await page.GotoAsync(Url($"/o/{org.Slug}"));
        await page.EvaluateAsync("() => { window.notReloaded = true; }");

        await page.Locator($"#{DomIds.JoinForm} button").ClickAsync();
        await Assertions.Expect(page.Locator($"#{DomIds.Toasts}")).ToContainTextAsync($"You joined {org.Name}");
        await Assertions.Expect(page.Locator($"#{DomIds.JoinPanel}")).ToContainTextAsync("You are a member");
        await Assertions.Expect(page.Locator($"#{DomIds.JoinPanelLeaveForm} button")).ToBeFocusedAsync();
        await using (var db = site.Db())
        {
            Assert.True(await db.Memberships.AnyAsync(m => m.OrganizationId == org.Id && m.UserId == user.Id));
        }
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"));

        await page.Locator($"#{DomIds.JoinPanelLeaveForm} button").ClickAsync();
        await Assertions.Expect(page.Locator($"#{DomIds.JoinForm} button")).ToHaveTextAsync($"Join {org.Name} (free)");
        await Assertions.Expect(page.Locator($"#{DomIds.Toasts}")).ToContainTextAsync($"You left {org.Name}");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator($"#{DomIds.JoinForm}")).ToBeVisibleAsync();
        await using (var db = site.Db())
        {
            Assert.False(await db.Memberships.AnyAsync(m => m.OrganizationId == org.Id && m.UserId == user.Id));
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task MarkComplete_FlipsAtOnce_ThenStays_AndWithoutJavaScriptIsAPlainForm()
    {
        var org = await OpenOrganizationAsync();
        await using var db = site.Db();
        var owner = await db.Memberships.Where(m => m.OrganizationId == org.Id).Select(m => m.User!).FirstAsync();
        var item = await _data.ContentAsync(org, owner, "Finish me");
        var user = await _data.UserAsync("Finisher");
        var page = await SignedInAsync(user);
        await page.GotoAsync(Url($"/o/{org.Slug}/content/{item.Slug}"));
        var held = new TaskCompletionSource();
        await page.RouteAsync("**/complete", async route => { await held.Task; await route.ContinueAsync(); });

        await page.Locator($"#{DomIds.CompleteForm} button").ClickAsync();
        await Assertions.Expect(page.Locator($"#{DomIds.CompleteForm} button")).ToHaveTextAsync("✓ Completed");
        held.SetResult();
        await Assertions.Expect(page.Locator($"#{DomIds.CompletePanel} .complete-done")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"#{DomIds.Toasts}")).ToContainTextAsync("as complete");
        Assert.True(await db.PlaybackProgress.AnyAsync(p => p.UserId == user.Id && p.ContentId == item.Id && p.Completed));

        var plain = await browser.NewPageAsync(javaScript: false);
        await plain.Context.AddCookiesAsync([new Cookie
        {
            Name = "codex-session", Value = (await _data.SessionCookieAsync(await _data.UserAsync("Plain finisher"))).Split('=', 2)[1], Url = Url("/"),
            HttpOnly = true,
        }]);
        await plain.GotoAsync(Url($"/o/{org.Slug}/content/{item.Slug}"));
        await plain.Locator($"#{DomIds.CompleteForm} button").ClickAsync();
        await Assertions.Expect(plain.Locator($"#{DomIds.Flash}")).ToContainTextAsync("as complete");
        await Assertions.Expect(plain.Locator($"#{DomIds.CompletePanel} .complete-done")).ToBeVisibleAsync();
        await plain.Context.CloseAsync();
        await page.Context.CloseAsync();
    }
}
