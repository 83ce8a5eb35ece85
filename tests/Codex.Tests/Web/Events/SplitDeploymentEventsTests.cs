using System.Net;
using System.Text.Json;
using Codex.Contracts;
using Codex.Contracts.Notifications;
using Codex.Data;
using Codex.Host;
using Codex.ServiceDefaults.Live;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Codex.Tests.Web.Events;

/// <summary>
/// Issue 16, a split deployment on PostgreSQL: the eight workers in one process, and two site instances each in a
/// process of its own (here: each its own <see cref="CodexSystem"/>, its own data folder and port, and so its own
/// <see cref="PostgresLiveEventBus"/>), all on one database with one internal key. Nothing but the starts happens
/// when the run is on SQLite (a split deployment shares no events there, ADR 036).
/// </summary>
public sealed class SplitDeploymentFixture : SystemFixture
{
    public static bool OnPostgres => TestDatabase.Provider == DatabaseProvider.Postgres;

    private readonly string _internalKey = Convert.ToHexStringLower(global::System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private readonly List<string> _siteFolders = [];

    /// <summary>The first site's address, chosen up front: it is the workers' public address (checkout redirects, mail links).</summary>
    public Uri Site1Url { get; } = ClosedPort.Url();

    public CodexSystem Site1 { get; private set; } = null!;
    public CodexSystem Site2 { get; private set; } = null!;

    protected override IReadOnlyList<Role> Roles => [.. WorkerInfo.All.Select(w => w.Role)];

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        [CodexSystem.InternalKeySetting] = _internalKey,
        [CodexSystem.PublicUrlSetting] = Site1Url.ToString().TrimEnd('/'),
        ["RateLimits:AuthPerClient"] = "100000",
    };

    public override async Task InitializeAsync()
    {
        if (!OnPostgres) return;
        await base.InitializeAsync();
        Site1 = await StartSiteAsync(Site1Url);
        Site2 = await StartSiteAsync(ClosedPort.Url());
        // Each site process listens on its own connection; an event sent before it listens would not reach it.
        foreach (var site in new[] { Site1, Site2 })
            await ((PostgresLiveEventBus)site.LiveEvents).Listening.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>A site-only process as an operator runs it: Codex__Role=site, PUBLIC_*_URL naming the workers.</summary>
    private async Task<CodexSystem> StartSiteAsync(Uri url)
    {
        var folder = Path.Combine(Path.GetTempPath(), "codex-tests", "site-" + Guid.NewGuid().ToString("N"));
        _siteFolders.Add(folder);
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Codex"] = ConnectionString,
            ["Codex:DataPath"] = folder,
            [CodexSystem.InternalKeySetting] = _internalKey,
            [CodexSystem.PublicUrlSetting] = url.ToString().TrimEnd('/'),
            ["urls"] = url.ToString().TrimEnd('/'),
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["RateLimits:PerClientPerMinute"] = "100000",
            ["WorkerClients:ReadTimeout"] = "00:00:15",
            ["WorkerClients:ReadAttemptTimeout"] = "00:00:12",
            ["Live:KeepAlive"] = "00:00:01",
        };
        foreach (var worker in WorkerInfo.All) settings[worker.UrlVariable] = System.Urls[worker.Role].ToString().TrimEnd('/');
        return await CodexSystem.StartAsync(new SystemOptions
        {
            Roles = [Role.Site],
            Settings = settings,
            EnvironmentName = EnvironmentName,
            Configure = (_, builder) => builder.Services.AddSingleton<TimeProvider>(Clock),
        });
    }

    public override async Task DisposeAsync()
    {
        if (!OnPostgres) return;
        if (Site2 is not null) await Site2.DisposeAsync();
        if (Site1 is not null) await Site1.DisposeAsync();
        await base.DisposeAsync();
        foreach (var folder in _siteFolders)
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}

/// <summary>
/// Issue 16 ("two site processes on PostgreSQL both deliver"): an event a worker publishes after a real change reaches
/// the streams of every site instance, only its user's, and a browser resumes on another instance than the one it
/// was on (event ids are the publisher's, the same everywhere).
/// </summary>
public sealed class SplitDeploymentEventsTests(SplitDeploymentFixture fixture) : IClassFixture<SplitDeploymentFixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Briefly = TimeSpan.FromMilliseconds(1500);
    private readonly TestData _data = new(fixture);

    [Fact]
    public async Task APurchase_ThroughTheEcomWorker_ReachesTheBuyersStreams_OnBothSites_AndNobodyElse()
    {
        if (!SplitDeploymentFixture.OnPostgres) return;
        Assert.Equal("postgres", fixture.System.LiveEvents.Kind);
        Assert.NotSame(fixture.Site1.LiveEvents, fixture.Site2.LiveEvents);
        var buyer = await _data.UserAsync("Split buyer");
        var other = await _data.UserAsync("Split other");
        var cookie = await _data.SessionCookieAsync(buyer);
        var org = await _data.OrganizationAsync();
        var item = await _data.ContentAsync(org, await _data.UserAsync(), "Split buy " + Guid.NewGuid().ToString("N")[..6],
            ContentType.Video, AccessType.Paid, body: null);
        var onSite1 = await EventStreamReader.OpenAsync(fixture.Site1.SiteUrl, cookie);
        var onSite2 = await EventStreamReader.OpenAsync(fixture.Site2.SiteUrl, cookie);
        await using var otherOnSite2 = await EventStreamReader.OpenAsync(fixture.Site2.SiteUrl, await _data.SessionCookieAsync(other));
        foreach (var stream in new[] { onSite1, onSite2, otherOnSite2 })
        {
            Assert.Equal(HttpStatusCode.OK, stream.Status);
            Assert.True(await stream.LineAsync(": connected", Soon));
        }

        // The buyer pays the offline test checkout through site 1: the Ecom worker (another process) receives the
        // signed webhook, records the purchase and publishes; each site hears it from PostgreSQL.
        await BuyAsync(fixture.Site1.SiteUrl, cookie, org, item);

        var got1 = await EventStreamReader.CollectAsync(fixture.Site1.SiteUrl, cookie, onSite1, 2, Soon);
        var got2 = await EventStreamReader.CollectAsync(fixture.Site2.SiteUrl, cookie, onSite2, 2, Soon);
        Assert.Equal([LiveEventTypes.PurchaseCompleted, LiveEventTypes.LibraryChanged], got1.Select(e => e.Type));
        Assert.Equal(item.Id, JsonDocument.Parse(got1[0].Data).RootElement.GetProperty("contentId").GetGuid());
        // The same events, id for id, on both instances.
        Assert.Equal(got1, got2);
        Assert.Null(await otherOnSite2.NextAsync(Briefly));
    }

    [Fact]
    public async Task AStreamResumed_OnTheOtherSite_WithLastEventId_GetsWhatItMissed_AndNothingTwice()
    {
        if (!SplitDeploymentFixture.OnPostgres) return;
        var buyer = await _data.UserAsync("Split resumer");
        var cookie = await _data.SessionCookieAsync(buyer);
        var org = await _data.OrganizationAsync();
        var item = await _data.ContentAsync(org, await _data.UserAsync(), "Split resume " + Guid.NewGuid().ToString("N")[..6],
            ContentType.Video, AccessType.Paid, body: null);
        // Another tab of the same user on site 2 shows when that instance has heard both events: the resumed stream
        // then gets what it missed from site 2's own memory of events, not as they pass.
        var witnessOn2 = await EventStreamReader.OpenAsync(fixture.Site2.SiteUrl, cookie);
        Assert.True(await witnessOn2.LineAsync(": connected", Soon));
        string firstId;
        await using (var onSite1 = await EventStreamReader.OpenAsync(fixture.Site1.SiteUrl, cookie))
        {
            Assert.True(await onSite1.LineAsync(": connected", Soon));
            await BuyAsync(fixture.Site1.SiteUrl, cookie, org, item);
            var first = await onSite1.NextAsync(Soon);
            Assert.Equal(LiveEventTypes.PurchaseCompleted, first?.Type);
            firstId = first!.Value.Id;
            // Site 1 goes away from this browser after the first event (a deploy, a load balancer's choice).
        }

        Assert.Equal([LiveEventTypes.PurchaseCompleted, LiveEventTypes.LibraryChanged],
            (await EventStreamReader.CollectAsync(fixture.Site2.SiteUrl, cookie, witnessOn2, 2, Soon)).Select(e => e.Type));
        await using var onSite2 = await EventStreamReader.OpenAsync(fixture.Site2.SiteUrl, cookie, lastEventId: firstId);

        var missed = await onSite2.NextAsync(Soon);
        Assert.Equal(LiveEventTypes.LibraryChanged, missed?.Type);
        Assert.Null(await onSite2.NextAsync(Briefly));
    }

    [Fact]
    public async Task ASignInForm_RenderedBySite1_SignsIn_WhenPostedToSite2()
    {
        // Issue 17: one key ring in the database (ADR 040), so site 2 reads site 1's antiforgery token.
        if (!SplitDeploymentFixture.OnPostgres) return;
        var person = await _data.UserAsync("Split signer");
        const string password = "a password for two sites";
        await using (var db = fixture.Db())
        {
            var hasher = new Microsoft.AspNetCore.Identity.PasswordHasher<User>();
            var user = await db.Users.FindAsync(person.Id);
            user!.PasswordHash = hasher.HashPassword(user, password);
            await db.SaveChangesAsync();
        }
        var onSite1 = new SiteBrowser(fixture.Site1.SiteUrl);
        var form = SiteBrowser.FormRequest(await onSite1.PageAsync("/login"), $"#{DomIds.LoginForm}",
            new() { ["Email"] = person.Email, ["Password"] = password });

        form.RequestUri = new Uri(fixture.Site2.SiteUrl, form.RequestUri!.ToString());
        form.Headers.Add("Cookie", $"codex-antiforgery={onSite1.CookieValue("codex-antiforgery")}");
        using var site2 = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false });
        var response = await site2.SendAsync(form);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("codex-session=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnOrganizationsChange_ReachesTheCacheOfBothSites_AtOnce()
    {
        // Issue 17: the worker tells every site instance on the bus (ADR 040), not one site URL.
        if (!SplitDeploymentFixture.OnPostgres) return;
        var org = await _data.OrganizationAsync();
        var owner = await _data.UserAsync("Split owner");
        await _data.MembershipAsync(org, owner, MemberRole.Owner);
        using var site1 = new HttpClient { BaseAddress = fixture.Site1.SiteUrl };
        using var site2 = new HttpClient { BaseAddress = fixture.Site2.SiteUrl };
        // Both instances cache the space first (an anonymous page: the output cache and the catalogue's entries).
        foreach (var site in new[] { site1, site2 })
            Assert.Equal(HttpStatusCode.OK, (await site.GetAsync($"/o/{org.Slug}")).StatusCode);
        var description = "Changed on one, seen on both " + Guid.NewGuid().ToString("N")[..8];

        using var organizationApi = fixture.Client(Role.OrganizationApi);
        var update = new HttpRequestMessage(HttpMethod.Patch, $"/api/organizations/{org.Id}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new Codex.Contracts.Organizations.UpdateOrganizationRequest(null, null, description, null, null)),
        };
        update.Headers.Add("Cookie", await _data.SessionCookieAsync(owner));
        var response = await organizationApi.SendAsync(update);
        Assert.True(response.IsSuccessStatusCode, $"the update answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");

        // The page lifetime is 30 s: a page without the new text after 2 s was not told.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        var seen = new[] { false, false };
        while (!seen.All(s => s) && DateTime.UtcNow < deadline)
        {
            for (var i = 0; i < 2; i++)
                seen[i] |= (await (i == 0 ? site1 : site2).GetStringAsync($"/o/{org.Slug}")).Contains(description, StringComparison.Ordinal);
            if (!seen.All(s => s)) await Task.Delay(50);
        }
        Assert.True(seen[0], "site 1 did not show the change within 2 s");
        Assert.True(seen[1], "site 2 did not show the change within 2 s");
    }

    [Fact]
    public async Task AContentChange_ThroughTheContentApi_ReachesTheOrganizationsStaff_OnBothSites_NotItsCustomers()
    {
        if (!SplitDeploymentFixture.OnPostgres) return;
        var org = await _data.OrganizationAsync();
        var creator = await _data.UserAsync("Split creator");
        var member = await _data.UserAsync("Split member");
        await _data.MembershipAsync(org, creator, MemberRole.Creator);
        await _data.MembershipAsync(org, member, MemberRole.Member);
        var creatorCookie = await _data.SessionCookieAsync(creator);
        var item = await _data.ContentAsync(org, creator, "Split content " + Guid.NewGuid().ToString("N")[..6]);
        await using var staffOn1 = await EventStreamReader.OpenAsync(fixture.Site1.SiteUrl, creatorCookie);
        await using var staffOn2 = await EventStreamReader.OpenAsync(fixture.Site2.SiteUrl, creatorCookie);
        await using var memberOn2 = await EventStreamReader.OpenAsync(fixture.Site2.SiteUrl, await _data.SessionCookieAsync(member));
        foreach (var stream in new[] { staffOn1, staffOn2, memberOn2 }) Assert.True(await stream.LineAsync(": connected", Soon));

        using var contentApi = fixture.Client(Role.ContentApi);
        var unpublish = new HttpRequestMessage(HttpMethod.Post, $"/api/content/{item.Id}/unpublish");
        unpublish.Headers.Add("Cookie", creatorCookie);
        var response = await contentApi.SendAsync(unpublish);
        Assert.True(response.IsSuccessStatusCode, $"unpublish answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");

        foreach (var stream in new[] { staffOn1, staffOn2 })
        {
            var got = await stream.NextAsync(Soon);
            Assert.Equal(LiveEventTypes.ContentChanged, got?.Type);
            Assert.Equal(item.Id, JsonDocument.Parse(got!.Value.Data).RootElement.GetProperty("contentId").GetGuid());
        }
        Assert.Null(await memberOn2.NextAsync(Briefly));
    }

    /// <summary>Buy, then pay the test checkout, as a browser without JavaScript does, on <paramref name="site"/>.</summary>
    private static async Task BuyAsync(Uri site, string cookie, Organization org, ContentItem item)
    {
        var browser = new SiteBrowser(site);
        browser.SetCookie("codex-session", cookie.Split('=', 2)[1]);
        var page = await browser.PageAsync($"/o/{org.Slug}/content/{item.Slug}");
        var buy = await browser.SubmitAsync(page, $"#{DomIds.BuyForm}", new());
        Assert.True((int)buy.StatusCode is >= 300 and < 400, $"buy answered {(int)buy.StatusCode}");
        var checkoutUrl = buy.Headers.Location!;
        var checkout = await browser.PageAsync(checkoutUrl.IsAbsoluteUri ? checkoutUrl.PathAndQuery : checkoutUrl.ToString());
        var paid = await browser.SubmitAsync(checkout, "form[action$='/pay']", new());
        Assert.True((int)paid.StatusCode is >= 300 and < 400, $"pay answered {(int)paid.StatusCode}");
    }
}
