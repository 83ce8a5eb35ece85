using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Codex.Contracts;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Web.Studio;

/// <summary>
/// <c>/studio/{org}/media</c> through the whole system: the library in both shapes, who may open it, and uploads that
/// the site passes through to the Content-API as they arrive, as a browser without JavaScript sends them (the token in
/// the form's action) and as the upload script does (the token in a header, the list back as a fragment).
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class StudioMediaPageTests(SiteFixture fixture)
{
    private readonly TestData _data = new(fixture);

    internal static string FixtureFile(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "media", name);

    private async Task<(Organization Org, User User, SiteBrowser Browser)> StudioAsync(MemberRole? role = MemberRole.Creator, UserRole userRole = UserRole.Customer)
    {
        var org = await _data.OrganizationAsync();
        var user = await _data.UserAsync("Studio user", userRole);
        if (role is { } r) await _data.MembershipAsync(org, user, r);
        var browser = new SiteBrowser(fixture.System.SiteUrl);
        browser.SetCookie(SessionCookie.Name, (await _data.SessionCookieAsync(user)).Split('=', 2)[1]);
        return (org, user, browser);
    }

    /// <summary>The upload form as a browser sends it: its hidden fields and title first, the file last, to its action.</summary>
    internal static HttpRequestMessage UploadRequest(IDocument page, Stream file, string fileName, string title = "", bool script = false)
    {
        var form = (IHtmlFormElement)page.QuerySelector("#upload-form")!;
        var body = new MultipartFormDataContent();
        body.Add(new StringContent(((IHtmlInputElement)form.QuerySelector("input[name=organizationId]")!).Value), "organizationId");
        body.Add(new StringContent(title), "title");
        var part = new StreamContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        body.Add(part, "file", fileName);
        var action = form.GetAttribute("action")!;
        var request = new HttpRequestMessage(HttpMethod.Post, script ? action.Split('?')[0] : action) { Content = body };
        if (script)
        {
            request.Headers.Add("X-Codex-Antiforgery", form.GetAttribute("data-upload-token"));
            request.Headers.Add("HX-Request", "true");
        }
        return request;
    }

    [Fact]
    public async Task Page_ForACreator_ShowsTheUploadFormAndAnEmptyLibrary_InBothShapes()
    {
        var (org, _, browser) = await StudioAsync();

        var page = await browser.PageAsync($"/studio/{org.Slug}/media");
        var fragmentResponse = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/studio/{org.Slug}/media") { Headers = { { "HX-Request", "true" } } });
        var fragment = await fragmentResponse.Content.ReadAsStringAsync();

        Assert.Equal("Media", page.QuerySelector("h1")!.TextContent);
        var form = page.QuerySelector("#upload-form")!;
        Assert.Equal("multipart/form-data", form.GetAttribute("enctype"));
        Assert.StartsWith($"/studio/{org.Slug}/media?token=", form.GetAttribute("action"));
        // The worker reads the organization before the file: the file input is the form's last field.
        Assert.Equal("file", form.QuerySelectorAll("input[name]").Last().GetAttribute("name"));
        Assert.Contains("No media yet", page.QuerySelector("#media-list")!.TextContent);
        Assert.NotNull(page.QuerySelector("label[for=upload-file]"));
        Assert.StartsWith("<div id=\"media-list\">", fragment.TrimStart());
        Assert.DoesNotContain("<html", fragment);
    }

    [Theory]
    [InlineData(MemberRole.Member, HttpStatusCode.Forbidden)]
    [InlineData(MemberRole.Creator, HttpStatusCode.OK)]
    [InlineData(MemberRole.Admin, HttpStatusCode.OK)]
    [InlineData(MemberRole.Owner, HttpStatusCode.OK)]
    public async Task Page_ByRole(MemberRole role, HttpStatusCode status)
    {
        var (org, _, browser) = await StudioAsync(role);

        Assert.Equal(status, (await browser.GetAsync($"/studio/{org.Slug}/media")).StatusCode);
    }

    [Fact]
    public async Task Page_ForAnonymous_CustomersOwnersOfAnotherOrg_AndPlatformAdmins()
    {
        var (org, _, customer) = await StudioAsync(role: null);
        var (_, _, otherOwner) = await StudioAsync(MemberRole.Owner);
        var (_, _, admin) = await StudioAsync(role: null, userRole: UserRole.Admin);
        var anonymous = new SiteBrowser(fixture.System.SiteUrl);

        var redirect = await anonymous.GetAsync($"/studio/{org.Slug}/media");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal($"/login?redirect={Uri.EscapeDataString($"/studio/{org.Slug}/media")}", redirect.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync($"/studio/{org.Slug}/media")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherOwner.GetAsync($"/studio/{org.Slug}/media")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/studio/{org.Slug}/media")).StatusCode);
    }

    [Fact]
    public async Task Upload_WithoutJavaScript_PassesTheFileThrough_ThenRedirectsToTheLibrary()
    {
        var (org, user, browser) = await StudioAsync();
        var page = await browser.PageAsync($"/studio/{org.Slug}/media");
        await using var file = File.OpenRead(FixtureFile("clip.mp4"));

        var response = await browser.SendAsync(UploadRequest(page, file, "My holiday.mp4", title: "Holiday clip"));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal($"/studio/{org.Slug}/media", response.Headers.Location!.OriginalString);
        var library = await browser.FollowAsync(response);
        Assert.Contains("Uploaded “Holiday clip”", library.QuerySelector(".flash")!.TextContent);
        var row = library.QuerySelector("#media-list tbody tr")!;
        Assert.Contains("Holiday clip", row.TextContent);
        Assert.NotNull(row.GetAttribute("hx-get")); // still being prepared: it polls
        await using var db = fixture.Db();
        var media = await db.Media.SingleAsync(m => m.OrganizationId == org.Id);
        Assert.Equal((user.Id, new FileInfo(FixtureFile("clip.mp4")).Length), (media.CreatorId, media.SizeBytes));
    }

    [Fact]
    public async Task Upload_WithTheScript_AnswersTheListAsAFragment()
    {
        var (org, _, browser) = await StudioAsync();
        var page = await browser.PageAsync($"/studio/{org.Slug}/media");
        await using var file = File.OpenRead(FixtureFile("clip.mp3"));

        var response = await browser.SendAsync(UploadRequest(page, file, "song.mp3", script: true));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<div id=\"media-list\">", html.TrimStart());
        Assert.Contains(">song<", html); // titled after the file's name
        Assert.Contains("Audio", html);
    }

    [Fact]
    public async Task Upload_OfSomethingThatIsNotMedia_IsRefusedWithAMessage_AndStoresNothing()
    {
        var (org, _, browser) = await StudioAsync();
        var page = await browser.PageAsync($"/studio/{org.Slug}/media");

        var response = await browser.SendAsync(UploadRequest(page, new MemoryStream("just some text, honestly"u8.ToArray()), "video.mp4"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var again = await response.ParseAsync();
        Assert.False(string.IsNullOrWhiteSpace(again.QuerySelector("#upload-problem")!.TextContent));
        Assert.Null(again.QuerySelector("#upload-problem")!.GetAttribute("hidden"));
        await using var db = fixture.Db();
        Assert.False(await db.Media.AnyAsync(m => m.OrganizationId == org.Id));
    }

    [Fact]
    public async Task Upload_WithoutTheAntiforgeryToken_IsRefused_AndStoresNothing()
    {
        var (org, _, browser) = await StudioAsync();
        var page = await browser.PageAsync($"/studio/{org.Slug}/media");
        await using var file = File.OpenRead(FixtureFile("clip.mp4"));
        var request = UploadRequest(page, file, "clip.mp4");
        request.RequestUri = new Uri($"/studio/{org.Slug}/media", UriKind.Relative);

        var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var db = fixture.Db();
        Assert.False(await db.Media.AnyAsync(m => m.OrganizationId == org.Id));
    }

    [Fact]
    public async Task Upload_ByAMember_IsForbidden_AndStoresNothing()
    {
        var (org, _, creator) = await StudioAsync();
        var page = await creator.PageAsync($"/studio/{org.Slug}/media");
        var (_, _, member) = await StudioAsync(MemberRole.Member);
        await using var file = File.OpenRead(FixtureFile("clip.mp4"));

        var response = await member.SendAsync(UploadRequest(page, file, "clip.mp4"));

        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"{(int)response.StatusCode}");
        await using var db = fixture.Db();
        Assert.False(await db.Media.AnyAsync(m => m.OrganizationId == org.Id));
    }

    [Fact]
    public async Task Row_PollsWhileBeingPrepared_AndDeleteAsksFirst_ThenRemovesTheFile()
    {
        var (org, user, browser) = await StudioAsync();
        var media = await _data.MediaAsync(org, user, status: MediaStatus.Transcoding);

        var row = await (await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/studio/{org.Slug}/media/{media.Id}/row")
        { Headers = { { "HX-Request", "true" } } })).Content.ReadAsStringAsync();
        Assert.Contains("Preparing for playback", row);
        Assert.Contains("hx-trigger=\"every 3s\"", row);

        var confirm = await browser.PageAsync($"/studio/{org.Slug}/media/{media.Id}/delete");
        Assert.Contains("Delete “Test media”?", confirm.QuerySelector("h1")!.TextContent);
        var deleted = await browser.SubmitAsync(confirm, "#confirm-delete form", new());
        Assert.Equal(HttpStatusCode.SeeOther, deleted.StatusCode);
        await using var db = fixture.Db();
        Assert.False(await db.Media.AnyAsync(m => m.Id == media.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/studio/{org.Slug}/media/{media.Id}/row")).StatusCode);
    }

    [Fact]
    public async Task Dashboard_ListsTheFilesNotYetPlayable_WithWhatIsHappening()
    {
        var (org, user, browser) = await StudioAsync();
        await _data.MediaAsync(org, user, status: MediaStatus.Ready);
        var preparing = await _data.MediaAsync(org, user, status: MediaStatus.Transcoding);
        await using (var db = fixture.Db())
        {
            var failed = await _data.MediaAsync(org, user, status: MediaStatus.Failed);
            db.Attach(failed);
            failed.Title = "Broken take";
            failed.Error = "This file ends early.";
            await db.SaveChangesAsync();
        }

        var page = await browser.PageAsync($"/studio/{org.Slug}");

        var panel = page.QuerySelector("section[aria-labelledby=media-heading]")!;
        Assert.Equal("2", panel.QuerySelector(".count")!.TextContent);
        var items = panel.QuerySelectorAll("li").Select(li => li.TextContent).ToList();
        Assert.Contains(items, t => t.Contains("Broken take") && t.Contains("Failed: This file ends early."));
        Assert.Contains(items, t => t.Contains(preparing.Title) && t.Contains("Preparing for playback"));
    }

    [Fact]
    public async Task EditPage_ShowsItsMediasState_AskingAgainUntilItIsReady()
    {
        var (org, user, browser) = await StudioAsync();
        var (item, media) = await _data.VideoAsync(org, user, title: "Clip in the works", mediaStatus: MediaStatus.Transcoding);

        var edit = await browser.PageAsync($"/studio/{org.Slug}/content/{item.Id}/edit");
        var state = edit.GetElementById($"media-state-{media.Id}")!;
        Assert.Contains("Preparing for playback", state.TextContent);
        Assert.Equal($"/studio/{org.Slug}/media/{media.Id}/state", state.GetAttribute("hx-get"));

        await using (var db = fixture.Db())
        {
            db.Attach(media);
            media.Status = MediaStatus.Ready;
            await db.SaveChangesAsync();
        }
        var again = await (await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/studio/{org.Slug}/media/{media.Id}/state")
        { Headers = { { "HX-Request", "true" } } })).Content.ReadAsStringAsync();
        Assert.Contains("Ready", again);
        Assert.DoesNotContain("hx-get", again); // done: it stops asking
    }

    [Fact]
    public async Task Delete_OfAFilePublishedContentPlays_IsRefusedWithTheReason()
    {
        var (org, user, browser) = await StudioAsync();
        var (_, media) = await _data.VideoAsync(org, user);
        var confirm = await browser.PageAsync($"/studio/{org.Slug}/media/{media.Id}/delete");

        var refused = await browser.SubmitAsync(confirm, "#confirm-delete form", new());

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Published content plays this file", (await refused.ParseAsync()).QuerySelector(".form-error")!.TextContent);
        await using var db = fixture.Db();
        Assert.True(await db.Media.AnyAsync(m => m.Id == media.Id));
    }
}

/// <summary>A real file's first bytes (so its type is recognised) followed by filler, up to <paramref name="length"/>.</summary>
internal sealed class PatternStream(byte[] header, long length) : Stream
{
    private long _position;

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = (int)Math.Min(count, length - _position);
        for (var i = 0; i < n; i++)
        {
            var at = _position + i;
            buffer[offset + i] = at < header.Length ? header[at] : (byte)(at % 251);
        }
        _position += n;
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Site and the workers it calls for the studio, run alone (it measures the process's allocations).</summary>
public sealed class LargeStudioUploadFixture : SystemFixture
{
    protected override IReadOnlyList<Role> Roles => [Role.Auth, Role.OrganizationApi, Role.ContentApi, Role.Site];

    // A fresh system's first page (cold JIT on a busy 2-core machine) may take longer than a read's 2 s budget.
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["WorkerClients:ReadTimeout"] = "00:00:20",
        ["WorkerClients:ReadAttemptTimeout"] = "00:00:15",
    };
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LargeStudioUploadCollection : ICollectionFixture<LargeStudioUploadFixture>
{
    public const string Name = "large-studio-upload";
}

/// <summary>An upload through the site's studio page is passed on as it arrives, never held by the site.</summary>
[Collection(LargeStudioUploadCollection.Name)]
public sealed class LargeStudioUploadTests(LargeStudioUploadFixture fixture)
{
    [Fact]
    public async Task Upload_OfALargeFile_StreamsThrough_WithoutHoldingItInMemory()
    {
        var data = new TestData(fixture);
        var org = await data.OrganizationAsync();
        var user = await data.UserAsync("Creator");
        await data.MembershipAsync(org, user, MemberRole.Creator);
        var browser = new SiteBrowser(fixture.System.SiteUrl);
        browser.SetCookie(SessionCookie.Name, (await data.SessionCookieAsync(user)).Split('=', 2)[1]);
        var page = await browser.PageAsync($"/studio/{org.Slug}/media");
        const long size = 150L * 1024 * 1024;
        var header = await File.ReadAllBytesAsync(StudioMediaPageTests.FixtureFile("clip.mp4"));
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var response = await browser.SendAsync(StudioMediaPageTests.UploadRequest(page, new PatternStream(header, size), "big.mp4", title: "Big"));

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        await using var db = fixture.Db();
        Assert.Equal(size, (await db.Media.SingleAsync(m => m.OrganizationId == org.Id)).SizeBytes);
        // Client, site and worker share this process: all three together allocate far less than the file.
        Assert.True(allocated < 64L * 1024 * 1024, $"allocated {allocated / (1024 * 1024)} MiB for a {size / (1024 * 1024)} MiB upload");
    }


    [Fact]
    public async Task Upload_ReachesTheStore_WhileTheBrowserIsStillSending()
    {
        var data = new TestData(fixture);
        var org = await data.OrganizationAsync();
        var user = await data.UserAsync("Creator");
        await data.MembershipAsync(org, user, MemberRole.Creator);
        var browser = new SiteBrowser(fixture.System.SiteUrl);
        browser.SetCookie(SessionCookie.Name, (await data.SessionCookieAsync(user)).Split('=', 2)[1]);
        var page = await browser.PageAsync($"/studio/{org.Slug}/media");
        var header = await File.ReadAllBytesAsync(StudioMediaPageTests.FixtureFile("clip.mp4"));
        var folder = Path.Combine(fixture.DataPath, "media", "uploads", org.Id.ToString("N"));
        var body = new PausingStream(header, firstBytes: 8L * 1024 * 1024, length: 16L * 1024 * 1024);

        var upload = browser.SendAsync(StudioMediaPageTests.UploadRequest(page, body, "slow.mp4"));
        await body.Paused.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // Half the file is sent and the rest held back: the worker is already writing it.
        var seen = false;
        for (var i = 0; i < 100 && !seen; i++)
        {
            seen = Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Any(f => new FileInfo(f).Length > 0);
            if (!seen) await Task.Delay(100);
        }
        body.Resume.SetResult();
        var response = await upload;

        Assert.True(seen, "nothing reached the store before the whole body had been sent: the site held the upload");
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
    }
}

/// <summary>A body that sends <paramref name="firstBytes"/>, then waits for <see cref="Resume"/> before the rest.</summary>
internal sealed class PausingStream(byte[] header, long firstBytes, long length) : Stream
{
    private readonly PatternStream _inner = new(header, length);
    private long _position;

    public TaskCompletionSource Paused { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource Resume { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (_position >= firstBytes && !Resume.Task.IsCompleted)
        {
            Paused.TrySetResult();
            await Resume.Task.WaitAsync(ct);
        }
        var limit = _position < firstBytes ? (int)Math.Min(buffer.Length, firstBytes - _position) : buffer.Length;
        var n = await _inner.ReadAsync(buffer[..limit], ct);
        _position += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
