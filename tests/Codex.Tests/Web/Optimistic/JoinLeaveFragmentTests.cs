using System.Net;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Tests.Web.Studio;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Web.Optimistic;

/// <summary>
/// Issue 16 (ADR 039): joining and leaving as optimistic.js sends them (the same form post, htmx-shaped) get the join
/// panel in its new state with a message for the toast, or the refusal as a plain-text sentence with its status; the
/// panel's forms carry what the script flips. Without JavaScript they stay plain forms (JoinPagesTests).
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class JoinLeaveFragmentTests(SiteFixture fixture)
{
    private readonly TestData _data = new(fixture);

    private async Task<Data.Organization> OrganizationAsync(bool signups = true)
    {
        var org = await _data.OrganizationAsync();
        await _data.MembershipAsync(org, await _data.UserAsync("Owner"), MemberRole.Owner);
        await using var db = fixture.Db();
        db.OrganizationSettings.Add(new Data.OrganizationSettings { OrganizationId = org.Id, EnableSignups = signups });
        await db.SaveChangesAsync();
        return org;
    }

    [Fact]
    public async Task Join_ThenLeave_AsFragments_AnswerThePanelInItsNewState()
    {
        var org = await OrganizationAsync();
        var visitor = await _data.UserAsync("Joiner");
        var browser = await StudioCast.BrowserAsync(fixture, visitor);

        var page = await browser.PageAsync($"/o/{org.Slug}");
        var join = page.GetElementById(DomIds.JoinForm)!;
        Assert.True(join.HasAttribute("data-optimistic"));
        Assert.Equal("false", page.GetElementById(DomIds.JoinPanel)!.GetAttribute("data-reload"));
        Assert.Equal($"Leave {org.Name}", join.QuerySelector("button")!.GetAttribute("data-flip"));
        Assert.Contains(page.QuerySelectorAll("script[src]"), s => s.GetAttribute("src")!.StartsWith("/js/optimistic.js"));
        var joined = await browser.SubmitAsync(page, $"#{DomIds.JoinForm}", new(), htmx: true);

        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        var (raw, fragment) = await joined.ParseFragmentAsync();
        Assert.DoesNotContain("<html", raw);
        var panel = fragment.GetElementById(DomIds.JoinPanel)!;
        Assert.Contains("You are a member", panel.TextContent);
        Assert.Equal($"You joined {org.Name}. Welcome!", panel.GetAttribute("data-message"));
        Assert.NotNull(panel.QuerySelector($"#{DomIds.JoinPanelLeaveForm}[data-optimistic]"));

        // The fragment's leave form posts as the page's does (its token is the page's: one per session).
        var member = await browser.PageAsync($"/o/{org.Slug}");
        var left = await browser.SubmitAsync(member, $"#{DomIds.JoinPanelLeaveForm}", new(), htmx: true);
        var (_, after) = await left.ParseFragmentAsync();
        Assert.NotNull(after.GetElementById(DomIds.JoinForm));
        Assert.Equal($"You left {org.Name}.", after.GetElementById(DomIds.JoinPanel)!.GetAttribute("data-message"));
        await using var db = fixture.Db();
        Assert.False(await db.Memberships.AnyAsync(m => m.OrganizationId == org.Id && m.UserId == visitor.Id));
    }

    [Fact]
    public async Task Join_Refused_AsAFragment_IsAPlainSentenceWithItsStatus_AndNoFlashIsLeftBehind()
    {
        var org = await OrganizationAsync();
        var visitor = await _data.UserAsync();
        var browser = await StudioCast.BrowserAsync(fixture, visitor);
        var page = await browser.PageAsync($"/o/{org.Slug}");
        await using (var db = fixture.Db())
        {
            await db.OrganizationSettings.Where(s => s.OrganizationId == org.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.EnableSignups, false));
        }

        var response = await browser.SubmitAsync(page, $"#{DomIds.JoinForm}", new(), htmx: true);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("invitation", await response.Content.ReadAsStringAsync());
        var next = await browser.PageAsync($"/o/{org.Slug}");
        Assert.Null(next.GetElementById(DomIds.FlashRefusal));
    }

    [Fact]
    public async Task Join_FromAMembersOnlyItem_ReloadsIt_AndTheReloadSaysSo()
    {
        var org = await OrganizationAsync();
        var owner = await _data.UserAsync("Item owner");
        await _data.MembershipAsync(org, owner, MemberRole.Owner);
        var item = await _data.ContentAsync(org, owner, "Members essay", access: AccessType.Members);
        var browser = await StudioCast.BrowserAsync(fixture, await _data.UserAsync("Item joiner"));
        var path = $"/o/{org.Slug}/content/{item.Slug}";

        var page = await browser.PageAsync(path);
        Assert.Equal("true", page.GetElementById(DomIds.JoinPanel)!.GetAttribute("data-reload"));
        var joined = await browser.SubmitAsync(page, $"#{DomIds.JoinForm}", new(), htmx: true);
        var reloaded = await browser.PageAsync(path);

        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        Assert.Contains($"You joined {org.Name}", reloaded.GetElementById(DomIds.Flash)!.TextContent);
        Assert.NotNull(reloaded.QuerySelector(".prose"));
    }
}
