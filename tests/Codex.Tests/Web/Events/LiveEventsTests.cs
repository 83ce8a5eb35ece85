using System.Net;
using System.Text;
using System.Text.Json;
using Codex.Contracts;
using Codex.Contracts.Notifications;
using Codex.ServiceDefaults.Live;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;

namespace Codex.Tests.Web.Events;

/// <summary>An open <c>GET /events</c> response, read event by event.</summary>
public sealed class EventStreamReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStreamReader(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
    }

    public HttpStatusCode Status => _response.StatusCode;
    /// <summary>The server ended the response (a browser would now reconnect).</summary>
    public bool Ended { get; private set; }
    public string? ContentType => _response.Content.Headers.ContentType?.MediaType;

    /// <summary>Opens the stream with <paramref name="cookie"/> (<c>codex-session=...</c>), resuming after <paramref name="lastEventId"/>.</summary>
    public static async Task<EventStreamReader> OpenAsync(Uri site, string? cookie, string? lastEventId = null, string query = "")
    {
        var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = site,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var request = new HttpRequestMessage(HttpMethod.Get, SiteRoutes.Events + query);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new EventStreamReader(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event (comments skipped), or null when none comes within <paramref name="within"/>.</summary>
    public async Task<(string Id, string Type, string Data)?> NextAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        string? id = null, type = null, data = null;
        try
        {
            while (await _reader.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (type is not null) return (id ?? "", type, data ?? "");
                    continue;
                }
                if (line.StartsWith("id: ", StringComparison.Ordinal)) id = line[4..];
                else if (line.StartsWith("event: ", StringComparison.Ordinal)) type = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
            }
            Ended = true;
        }
        catch (OperationCanceledException) { }
        return null;
    }

    /// <summary>
    /// <paramref name="count"/> events as a browser gets them: from <paramref name="first"/>, and when the server ends a
    /// stream (a purchase drops what the site knew of the buyer, which ends their streams), from a new one that resumes
    /// after the last event had (<c>Last-Event-ID</c>), or since <paramref name="since"/> before any. Disposes <paramref name="first"/>.
    /// </summary>
    public static async Task<List<(string Id, string Type, string Data)>> CollectAsync(Uri site, string cookie, EventStreamReader first,
        int count, TimeSpan within, long? since = null)
    {
        var events = new List<(string Id, string Type, string Data)>();
        var stream = first;
        try
        {
            for (var attempt = 0; events.Count < count && attempt < 5; attempt++)
            {
                while (events.Count < count && await stream.NextAsync(within) is { } next) events.Add(next);
                if (events.Count >= count || !stream.Ended) break;
                await stream.DisposeAsync();
                stream = await OpenAsync(site, cookie, events.Count > 0 ? events[^1].Id : null,
                    events.Count == 0 && since is { } at ? "?since=" + at : "");
            }
        }
        finally
        {
            await stream.DisposeAsync();
        }
        return events;
    }

    /// <summary>Reads until a line starting with <paramref name="prefix"/> (a comment), or gives up after <paramref name="within"/>.</summary>
    public async Task<bool> LineAsync(string prefix, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            while (await _reader.ReadLineAsync(timeout.Token) is { } line)
                if (line.StartsWith(prefix, StringComparison.Ordinal)) return true;
        }
        catch (OperationCanceledException) { }
        return false;
    }

    /// <summary>Whether the server ends the response within <paramref name="within"/>.</summary>
    public async Task<bool> EndsAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            while (await _reader.ReadLineAsync(timeout.Token) is not null) { }
            return true;
        }
        catch (OperationCanceledException) { return false; }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary><c>GET /events</c> (CONTRACT "Live updates (v2)"): who gets what, resuming, and events from real changes.</summary>
[Collection(SiteCollection.Name)]
public sealed class LiveEventsTests(SiteFixture fixture)
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Briefly = TimeSpan.FromMilliseconds(700);
    private readonly TestData _data = new(fixture);

    private Task<EventStreamReader> OpenAsync(string? cookie, string? lastEventId = null, string query = "") =>
        EventStreamReader.OpenAsync(fixture.System.SiteUrl, cookie, lastEventId, query);

    private Task PublishAsync(string type, Guid? user, Guid? organization, string data = "{}") =>
        fixture.System.LiveEvents.PublishAsync(LiveEvent.Create(type, user, organization, data), CancellationToken.None);

    [Fact]
    public async Task Anonymous_Gets401_NotARedirect()
    {
        await using var stream = await OpenAsync(cookie: null);

        Assert.Equal(HttpStatusCode.Unauthorized, stream.Status);
    }

    [Fact]
    public async Task SignedIn_GetsAnEventStream_OfTheirOwnEvents_AndNotAnotherUsers()
    {
        var alice = await _data.UserAsync("Alice");
        var bob = await _data.UserAsync("Bob");
        await using var aliceStream = await OpenAsync(await _data.SessionCookieAsync(alice));
        await using var bobStream = await OpenAsync(await _data.SessionCookieAsync(bob));
        Assert.Equal(HttpStatusCode.OK, aliceStream.Status);
        Assert.Equal("text/event-stream", aliceStream.ContentType);
        Assert.True(await aliceStream.LineAsync(": connected", Soon));
        Assert.True(await bobStream.LineAsync(": connected", Soon));

        await PublishAsync(LiveEventTypes.LibraryChanged, alice.Id, null);

        var got = await aliceStream.NextAsync(Soon);
        Assert.Equal(LiveEventTypes.LibraryChanged, got?.Type);
        Assert.Equal("{}", got?.Data);
        Assert.Null(await bobStream.NextAsync(Briefly));
    }

    [Fact]
    public async Task OrganizationEvents_GoToItsStaff_NotToItsMembersOrOthers()
    {
        var org = await _data.OrganizationAsync();
        var creator = await _data.UserAsync("Creator");
        var member = await _data.UserAsync("Member");
        var stranger = await _data.UserAsync("Stranger");
        await _data.MembershipAsync(org, creator, MemberRole.Creator);
        await _data.MembershipAsync(org, member, MemberRole.Member);
        await using var creatorStream = await OpenAsync(await _data.SessionCookieAsync(creator));
        await using var memberStream = await OpenAsync(await _data.SessionCookieAsync(member));
        await using var strangerStream = await OpenAsync(await _data.SessionCookieAsync(stranger));
        foreach (var s in new[] { creatorStream, memberStream, strangerStream }) Assert.True(await s.LineAsync(": connected", Soon));

        var mediaId = Guid.NewGuid();
        await PublishAsync(LiveEventTypes.MediaStatus, null, org.Id, $$"""{"mediaId":"{{mediaId}}","status":"transcoding","progress":40}""");

        var got = await creatorStream.NextAsync(Soon);
        Assert.Equal(LiveEventTypes.MediaStatus, got?.Type);
        Assert.Contains(mediaId.ToString(), got?.Data);
        Assert.Null(await memberStream.NextAsync(Briefly));
        Assert.Null(await strangerStream.NextAsync(Briefly));
    }

    [Fact]
    public async Task AReconnect_WithLastEventId_GetsWhatItMissed_AndNothingTwice()
    {
        var user = await _data.UserAsync("Reconnecting");
        var cookie = await _data.SessionCookieAsync(user);
        string firstId;
        await using (var first = await OpenAsync(cookie))
        {
            Assert.True(await first.LineAsync(": connected", Soon));
            await PublishAsync(LiveEventTypes.LibraryChanged, user.Id, null, """{"n":1}""");
            firstId = (await first.NextAsync(Soon))!.Value.Id;
        }
        // Gone: two events pass while no stream is open.
        await PublishAsync(LiveEventTypes.PurchaseCompleted, user.Id, null, """{"n":2}""");
        await PublishAsync(LiveEventTypes.LibraryChanged, user.Id, null, """{"n":3}""");

        await using var second = await OpenAsync(cookie, lastEventId: firstId);
        var missed2 = await second.NextAsync(Soon);
        var missed3 = await second.NextAsync(Soon);
        Assert.Equal("""{"n":2}""", missed2?.Data);
        Assert.Equal("""{"n":3}""", missed3?.Data);
        await PublishAsync(LiveEventTypes.LibraryChanged, user.Id, null, """{"n":4}""");
        Assert.Equal("""{"n":4}""", (await second.NextAsync(Soon))?.Data);
        Assert.Null(await second.NextAsync(Briefly));
    }

    [Fact]
    public async Task AFirstConnect_GetsNothingOld_ButWhatCameSinceItsPageWasRendered()
    {
        var user = await _data.UserAsync("Late");
        var cookie = await _data.SessionCookieAsync(user);
        await PublishAsync(LiveEventTypes.LibraryChanged, user.Id, null, """{"n":"old"}""");
        await Task.Delay(1500); // older than the second of slack PublishedSince allows
        var rendered = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await PublishAsync(LiveEventTypes.PurchaseCompleted, user.Id, null, """{"n":"between"}""");

        await using (var plain = await OpenAsync(cookie))
        {
            Assert.True(await plain.LineAsync(": connected", Soon));
            Assert.Null(await plain.NextAsync(Briefly));
        }
        await using var since = await OpenAsync(cookie, query: "?since=" + rendered);
        Assert.Equal("""{"n":"between"}""", (await since.NextAsync(Soon))?.Data);
        Assert.Null(await since.NextAsync(Briefly));
    }

    [Fact]
    public async Task AStream_EndsWhenItsSessionEnds()
    {
        var user = await _data.UserAsync("Leaving");
        var cookie = await _data.SessionCookieAsync(user);
        await using var stream = await OpenAsync(cookie);
        Assert.True(await stream.LineAsync(": connected", Soon));

        var browser = new SiteBrowser(fixture.System.SiteUrl);
        browser.SetCookie("codex-session", cookie.Split('=', 2)[1]);
        var logout = await browser.PageAsync("/logout");
        await browser.SubmitAsync(logout, "form[action='/logout']", new());

        // The next keep-alive checks the session again (Live:KeepAlive is 1 s in these tests) and the response ends.
        Assert.True(await stream.EndsAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task AnIdleStream_GetsACommentLine_EveryKeepAlive()
    {
        var user = await _data.UserAsync("Idle");
        await using var stream = await OpenAsync(await _data.SessionCookieAsync(user));

        Assert.True(await stream.LineAsync(": keep-alive", TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Buying_SendsPurchaseCompleted_AndLibraryChanged_ToTheBuyer()
    {
        var buyer = await _data.UserAsync("Buyer");
        var cookie = await _data.SessionCookieAsync(buyer);
        var org = await _data.OrganizationAsync();
        var item = await _data.ContentAsync(org, await _data.UserAsync(), "Live buy " + Guid.NewGuid().ToString("N")[..6],
            ContentType.Video, AccessType.Paid, body: null);
        var since = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var stream = await OpenAsync(cookie, query: "?since=" + since);
        Assert.True(await stream.LineAsync(": connected", Soon));

        var browser = new SiteBrowser(fixture.System.SiteUrl);
        browser.SetCookie("codex-session", cookie.Split('=', 2)[1]);
        var page = await browser.PageAsync($"/o/{org.Slug}/content/{item.Slug}");
        var buy = await browser.SubmitAsync(page, $"#{DomIds.BuyForm}", new());
        var checkoutUrl = buy.Headers.Location!;
        var checkout = await browser.PageAsync(checkoutUrl.IsAbsoluteUri ? checkoutUrl.PathAndQuery : checkoutUrl.ToString());
        await browser.SubmitAsync(checkout, "form[action$='/pay']", new());

        // As a browser does: the purchase drops what the site knew of the buyer, which ends the stream after the
        // first event; it is opened again and resumes after it.
        var got = await EventStreamReader.CollectAsync(fixture.System.SiteUrl, cookie, stream, 2, Soon, since);
        Assert.Equal([LiveEventTypes.PurchaseCompleted, LiveEventTypes.LibraryChanged], got.Select(e => e.Type));
        Assert.Equal(item.Id, JsonDocument.Parse(got[0].Data).RootElement.GetProperty("contentId").GetGuid());
    }
}
