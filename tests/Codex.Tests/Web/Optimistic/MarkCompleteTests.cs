using System.Net;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Tests.Web.Studio;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Web.Optimistic;

/// <summary>
/// Issue 16 (ADR 039): "Mark as complete" on the content page, next to the player or under the article: a plain form
/// without JavaScript (post/redirect/get, a flash), the control's fragment for the optimistic request, and only for
/// signed-in visitors with access (the Content-API refuses the others).
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class MarkCompleteTests(SiteFixture fixture)
{
    private readonly TestData _data = new(fixture);

    private async Task<(Data.Organization Org, Data.User Owner)> OrganizationAsync()
    {
        var org = await _data.OrganizationAsync();
        var owner = await _data.UserAsync("Complete Owner");
        await _data.MembershipAsync(org, owner, MemberRole.Owner);
        return (org, owner);
    }

    private async Task<Data.PlaybackProgress?> ProgressAsync(Data.User user, Data.ContentItem item)
    {
        await using var db = fixture.Db();
        return await db.PlaybackProgress.AsNoTracking().SingleOrDefaultAsync(p => p.UserId == user.Id && p.ContentId == item.Id);
    }

    [Fact]
    public async Task Article_WithoutJavaScript_MarksComplete_ComesBackWithAFlash_AndTheControlSaysCompleted()
    {
        var (org, owner) = await OrganizationAsync();
        var item = await _data.ContentAsync(org, owner, "An essay to finish");
        var reader = await _data.UserAsync("Reader");
        var browser = await StudioCast.BrowserAsync(fixture, reader);
        var path = $"/o/{org.Slug}/content/{item.Slug}";

        var page = await browser.PageAsync(path);
        var form = page.GetElementById(DomIds.CompleteForm)!;
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal($"/progress/{item.Id}/complete", form.GetAttribute("action"));
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.Contains("/js/optimistic.js", page.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")!).First(s => s.Contains("optimistic")));
        var response = await browser.SubmitAsync(page, $"#{DomIds.CompleteForm}", new());

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(path, response.Headers.Location!.ToString());
        var after = await browser.FollowAsync(response);
        Assert.Contains("as complete", after.GetElementById(DomIds.Flash)!.TextContent);
        Assert.Null(after.GetElementById(DomIds.CompleteForm));
        Assert.Contains("Completed", after.GetElementById(DomIds.CompletePanel)!.TextContent);
        var saved = await ProgressAsync(reader, item);
        Assert.True(saved!.Completed);
        Assert.Equal(100, saved.DurationSeconds);
        // The library lists it as completed.
        var library = await browser.PageAsync("/library?filter=completed");
        Assert.Contains("An essay to finish", library.GetElementById(DomIds.LibraryResults)!.TextContent);
    }

    [Fact]
    public async Task Video_NextToThePlayer_TheOptimisticRequest_GetsTheControlsFragment_WithItsMessage()
    {
        var (org, owner) = await OrganizationAsync();
        var (item, _) = await _data.VideoAsync(org, owner, title: "A film to finish");
        await using (var db = fixture.Db())
        {
            await db.Content.Where(c => c.Id == item.Id).ExecuteUpdateAsync(c => c.SetProperty(x => x.DurationSeconds, 8));
        }
        var viewer = await _data.UserAsync("Viewer");
        var browser = await StudioCast.BrowserAsync(fixture, viewer);

        var page = await browser.PageAsync($"/o/{org.Slug}/content/{item.Slug}");
        Assert.NotNull(page.QuerySelector($"#{DomIds.Player} + #{DomIds.CompletePanel} #{DomIds.CompleteForm}"));
        var response = await browser.SubmitAsync(page, $"#{DomIds.CompleteForm}", new(), htmx: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (raw, fragment) = await response.ParseFragmentAsync();
        Assert.DoesNotContain("<html", raw);
        var panel = fragment.GetElementById(DomIds.CompletePanel)!;
        Assert.Contains("Completed", panel.TextContent);
        Assert.Contains("A film to finish", panel.GetAttribute("data-message"));
        var saved = await ProgressAsync(viewer, item);
        Assert.True(saved!.Completed);
        Assert.Equal(8, saved.DurationSeconds);
        Assert.Equal(8, saved.PositionSeconds);
    }

    [Fact]
    public async Task NoControl_ForVisitors_OrWithoutAccess_AndAPostByHandIsRefused_InBothShapes()
    {
        var (org, owner) = await OrganizationAsync();
        var paid = await _data.ContentAsync(org, owner, "A paid essay", access: AccessType.Paid);
        var free = await _data.ContentAsync(org, owner, "A free essay");
        var stranger = await _data.UserAsync("Stranger");
        var browser = await StudioCast.BrowserAsync(fixture, stranger);

        var anonymousPage = await (await fixture.Client(Role.Site).GetAsync($"/o/{org.Slug}/content/{free.Slug}")).ParseAsync();
        var paidPage = await browser.PageAsync($"/o/{org.Slug}/content/{paid.Slug}");
        var token = paidPage.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? (await browser.PageAsync($"/o/{org.Slug}/content/{free.Slug}")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        HttpRequestMessage Post(bool htmx)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/progress/{paid.Id}/complete")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
            };
            if (htmx) request.Headers.Add("HX-Request", "true");
            return request;
        }
        var plain = await browser.SendAsync(Post(htmx: false));
        var optimistic = await browser.SendAsync(Post(htmx: true));
        var anonymous = await fixture.Client(Role.Site).PostAsync($"/progress/{free.Id}/complete", new FormUrlEncodedContent([]));

        Assert.Null(anonymousPage.GetElementById(DomIds.CompletePanel));
        Assert.DoesNotContain(anonymousPage.QuerySelectorAll("script[src]"), s => s.GetAttribute("src")!.Contains("optimistic"));
        Assert.Null(paidPage.GetElementById(DomIds.CompletePanel));
        Assert.Contains("do not have access", (await browser.FollowAsync(plain)).GetElementById(DomIds.FlashRefusal)!.TextContent);
        Assert.Equal(HttpStatusCode.Forbidden, optimistic.StatusCode);
        Assert.Equal("text/plain", optimistic.Content.Headers.ContentType!.MediaType);
        Assert.Contains("do not have access", await optimistic.Content.ReadAsStringAsync());
        Assert.True((int)anonymous.StatusCode is 302 or 303 or 400, $"{(int)anonymous.StatusCode} {anonymous.Headers.Location}");
        Assert.False(anonymous.IsSuccessStatusCode);
        Assert.Null(await ProgressAsync(stranger, paid));
    }

    [Fact]
    public async Task AnItemAlreadyCompleted_ShowsCompleted_NotTheButton()
    {
        var (org, owner) = await OrganizationAsync();
        var item = await _data.ContentAsync(org, owner, "A finished essay");
        var reader = await _data.UserAsync("Finished reader");
        await _data.ProgressAsync(reader, item, 100, 100, completed: true, DateTimeOffset.UtcNow);
        var browser = await StudioCast.BrowserAsync(fixture, reader);

        var page = await browser.PageAsync($"/o/{org.Slug}/content/{item.Slug}");

        Assert.Null(page.GetElementById(DomIds.CompleteForm));
        Assert.Contains("Completed", page.GetElementById(DomIds.CompletePanel)!.TextContent);
    }
}
