using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Codex.Contracts;
using Codex.Contracts.Notifications;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Codex.Tests.Browser;

/// <summary>
/// Issue 16 (ADR 037): pages that follow <c>GET /events</c> in Chromium. The checkout's success page flips when the
/// payment lands, the studio's media row reaches "ready", and an open library refreshes after a purchase in another
/// tab, each without a reload and without a single poll; a page whose stream is refused stops asking; without
/// JavaScript each page is the state as of its request with a refresh link.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class LivePagesBrowserTests(SiteFixture site, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private string Url(string path) => new Uri(site.System.SiteUrl, path).ToString();

    private async Task<IPage> SignedInPageAsync(Data.User user, bool javaScript = true)
    {
        var data = new TestData(site);
        var page = await browser.NewPageAsync(javaScript);
        await page.Context.AddCookiesAsync([new Cookie
        {
            Name = SessionCookie.Name, Value = (await data.SessionCookieAsync(user)).Split('=', 2)[1], Url = Url("/"),
            HttpOnly = true, SameSite = SameSiteAttribute.Lax,
        }]);
        return page;
    }

    /// <summary>
    /// The htmx requests <paramref name="page"/> makes to URLs matching <paramref name="path"/>: polls (a timer) and live
    /// refreshes (live.js names the event in <c>X-Live-Event</c>).
    /// </summary>
    private static (ConcurrentQueue<string> Polls, ConcurrentQueue<string> Live) Watch(IPage page, Func<string, bool> path)
    {
        var polls = new ConcurrentQueue<string>();
        var live = new ConcurrentQueue<string>();
        page.Request += (_, request) =>
        {
            if (!request.Headers.ContainsKey("hx-request") || !path(new Uri(request.Url).PathAndQuery)) return;
            if (request.Headers.TryGetValue("x-live-event", out var type)) live.Enqueue(type);
            else polls.Enqueue(request.Url);
        };
        return (polls, live);
    }

    private static Task StreamOpenAsync(IPage page) => page.WaitForSelectorAsync("html[data-stream=open]", new() { State = WaitForSelectorState.Attached });

    /// <summary>A paid item and a buyer at its test checkout (not paid yet): the checkout page's URL.</summary>
    private async Task<(Data.ContentItem Item, string ItemPath, string CheckoutUrl)> AtCheckoutAsync(IPage page)
    {
        var data = new TestData(site);
        var org = await data.OrganizationAsync();
        var item = await data.ContentAsync(org, await data.UserAsync(), "Live buy " + Guid.NewGuid().ToString("N")[..8], ContentType.Video, AccessType.Paid, body: null);
        var path = $"/o/{org.Slug}/content/{item.Slug}";
        await page.GotoAsync(Url(path));
        await page.ClickAsync($"#{DomIds.BuyForm} button[type=submit]");
        await page.WaitForURLAsync(new Regex(@"/checkout/test/cs_test_"));
        return (item, path, page.Url);
    }

    [Fact]
    public async Task CheckoutSuccess_FlipsWhenThePaymentLands_WithoutPolling()
    {
        var buyer = await new TestData(site).UserAsync("Live buyer");
        var payer = await SignedInPageAsync(buyer);
        var (_, _, checkoutUrl) = await AtCheckoutAsync(payer);
        var sessionId = checkoutUrl.Split('/').Last();

        // The success page of a checkout not paid yet, open in its own tab; the payment is made in another.
        var waiting = await payer.Context.NewPageAsync();
        var (polls, live) = Watch(waiting, p => p.StartsWith(SiteRoutes.CheckoutSuccess, StringComparison.Ordinal));
        var navigations = 0;
        await waiting.GotoAsync(Url("/checkout/success?session_id=" + sessionId));
        waiting.FrameNavigated += (_, _) => navigations++;
        await Assertions.Expect(waiting.Locator($"#{DomIds.CheckoutStatus} h1")).ToHaveTextAsync("Confirming your payment…");
        await StreamOpenAsync(waiting);
        await waiting.EvaluateAsync(@"() => new MutationObserver(() => {
            if (!window.flippedAt && /Thank you/.test(document.querySelector('main').textContent)) window.flippedAt = Date.now();
        }).observe(document.querySelector('main'), { childList: true, subtree: true, characterData: true })");
        // When the purchase is published on the bus (the webhook was verified and the purchase committed).
        long publishedAt = 0;
        using var subscription = site.System.LiveEvents.Subscribe(e =>
        {
            if (e.Type == LiveEventTypes.PurchaseCompleted && e.UserId == buyer.Id) Interlocked.CompareExchange(ref publishedAt, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 0);
        });

        var submittedAt = await payer.EvaluateAsync<long>("() => Date.now()");
        await payer.ClickAsync("form[action$='/pay'] button");

        await Assertions.Expect(waiting.Locator($"#{DomIds.CheckoutStatus} h1")).ToHaveTextAsync("Thank you!");
        var flippedAt = await waiting.EvaluateAsync<long>("() => window.flippedAt");
        Assert.Empty(polls);
        Assert.Equal([LiveEventTypes.PurchaseCompleted], live);
        Assert.Equal(0, navigations);
        Assert.Equal(Url("/checkout/success?session_id=" + sessionId), waiting.Url);
        output.WriteLine($"Issue 16 measure: pay submitted -> page flipped {flippedAt - submittedAt} ms; purchase-completed published -> page flipped {flippedAt - Interlocked.Read(ref publishedAt)} ms");
        await payer.Context.CloseAsync();
    }

    [Fact]
    public async Task StudioMediaRow_ReachesReadyLive_AfterAnUpload_WithoutPollingOrAReload()
    {
        var data = new TestData(site);
        var org = await data.OrganizationAsync();
        var creator = await data.UserAsync("Live creator");
        await data.MembershipAsync(org, creator, MemberRole.Creator);
        var page = await SignedInPageAsync(creator);
        // A clip long enough that preparing it takes a few seconds (progress events come about once a second).
        var file = Path.Combine(Path.GetTempPath(), $"codex-live-{Guid.NewGuid():N}.mp4");
        using (var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc=duration=20:size=640x360:rate=25",
                   "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", file]) { RedirectStandardError = true })!)
        {
            await ffmpeg.WaitForExitAsync();
            Assert.True(ffmpeg.ExitCode == 0, await ffmpeg.StandardError.ReadToEndAsync());
        }
        try
        {
            var (polls, live) = Watch(page, p => p.StartsWith($"/studio/{org.Slug}/media/", StringComparison.Ordinal));
            await page.GotoAsync(Url($"/studio/{org.Slug}/media"));
            await StreamOpenAsync(page);
            var navigations = 0;
            page.FrameNavigated += (_, _) => navigations++;
            await page.EvaluateAsync(@"() => { window.progressSeen = [];
                new MutationObserver(ms => ms.forEach(m => m.target.localName === 'progress' && window.progressSeen.push(m.target.value)))
                  .observe(document.getElementById('media-list').parentNode, { attributes: true, attributeFilter: ['value'], subtree: true }); }");

            await page.FillAsync("#upload-title", "Live clip");
            await page.SetInputFilesAsync("#upload-file", file);
            await page.ClickAsync("#upload-form button[type=submit]");
            var row = page.Locator("#media-list tr:has-text('Live clip')");
            await Assertions.Expect(row.Locator(".media-status")).ToContainTextAsync("Ready", new() { Timeout = 120_000 });

            Assert.NotNull(await row.Locator("img").GetAttributeAsync("src")); // the refreshed row: thumbnail and length
            Assert.Empty(polls);
            Assert.Contains(LiveEventTypes.MediaStatus, live);
            Assert.Equal(0, navigations);
            output.WriteLine($"Progress values shown: {string.Join(", ", await page.EvaluateAsync<double[]>("() => window.progressSeen"))}; live refreshes: {live.Count}");
        }
        finally
        {
            File.Delete(file);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Library_RefreshesAfterAPurchaseInAnotherTab_WithoutAReload()
    {
        var buyer = await new TestData(site).UserAsync("Live collector");
        var library = await SignedInPageAsync(buyer);
        await library.GotoAsync(Url("/library"));
        await StreamOpenAsync(library);
        var navigations = 0;
        library.FrameNavigated += (_, _) => navigations++;

        var shop = await library.Context.NewPageAsync();
        var (item, _, _) = await AtCheckoutAsync(shop);
        await shop.ClickAsync("form[action$='/pay'] button");
        await Assertions.Expect(shop.Locator($"#{DomIds.CheckoutStatus} h1")).ToHaveTextAsync("Thank you!");

        await Assertions.Expect(library.Locator($"#{DomIds.LibraryResults} li.card", new() { HasText = item.Title })).ToHaveCountAsync(1);
        Assert.Equal(0, navigations);
        await library.Context.CloseAsync();
    }

    [Fact]
    public async Task AStreamRefused_AfterSigningOut_StopsAsking()
    {
        var user = await new TestData(site).UserAsync("Live leaver");
        var page = await SignedInPageAsync(user);
        var streams = 0;
        page.Request += (_, request) => { if (new Uri(request.Url).AbsolutePath == SiteRoutes.Events) Interlocked.Increment(ref streams); };
        await page.GotoAsync(Url("/library"));
        await StreamOpenAsync(page);

        // Signed out in another tab: the stream ends, the browser reconnects, and is refused (401).
        var other = await page.Context.NewPageAsync();
        await other.GotoAsync(Url("/"));
        await other.ClickAsync("header form[action='/logout'] button");
        await page.WaitForSelectorAsync("html[data-stream=off]", new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
        var asked = Volatile.Read(ref streams);
        await Task.Delay(TimeSpan.FromSeconds(6)); // the extension alone would ask again after 2 s, 4 s, ...

        Assert.Equal(asked, Volatile.Read(ref streams));
        Assert.InRange(asked, 2, 5); // the first stream, the browser's reconnect, and the extension's two retries
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WithoutJavaScript_EachLivePageShowsItsStateAndARefreshLink()
    {
        var data = new TestData(site);
        var org = await data.OrganizationAsync();
        var creator = await data.UserAsync("Live no-JS creator");
        await data.MembershipAsync(org, creator, MemberRole.Creator);
        await data.MediaAsync(org, creator, status: MediaStatus.Transcoding);
        var page = await SignedInPageAsync(creator, javaScript: false);
        var streams = 0;
        page.Request += (_, request) => { if (new Uri(request.Url).AbsolutePath == SiteRoutes.Events) Interlocked.Increment(ref streams); };

        foreach (var (path, link) in new[]
        {
            ($"/studio/{org.Slug}/media", $"/studio/{org.Slug}/media"),
            ($"/studio/{org.Slug}/content?status=draft", $"/studio/{org.Slug}/content?status=draft"),
            ("/library?sort=title", "/library?sort=title"),
        })
        {
            await page.GotoAsync(Url(path));
            var refresh = page.Locator($".no-js-only a[href='{link}']");
            await Assertions.Expect(refresh).ToBeVisibleAsync();
            var response = await page.RunAndWaitForResponseAsync(() => refresh.ClickAsync(), r => r.Url == Url(link) && r.Request.IsNavigationRequest);
            Assert.Equal(200, response.Status);
        }
        Assert.Equal(0, streams);
        await page.Context.CloseAsync();
    }
}
