using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Codex.Contracts.Content;
using Codex.ServiceDefaults;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;

namespace Codex.Web.Features.ContentPage;

/// <summary>One view of a content page by a person: the item, and who (a user, or a keyed hash of an anonymous visitor).</summary>
public readonly record struct PageView(Guid ContentId, ContentViewer Viewer);

/// <summary>
/// Counting content page views (ADR 022), off the request path: the page puts a view in a bounded in-memory queue
/// (never waiting, dropping when it is full) and <see cref="PageViewReporter"/> reports the queue to the Content-API in
/// batches. Only a person's plain GET of the whole page is a view: not a crawler, a link previewer or a tool, not a
/// prefetch or prerender, not an htmx fragment.
/// </summary>
public sealed partial class PageViews : ICachedPageVisits
{
    /// <summary>How many views may wait for the reporter; beyond that new ones are dropped (and logged).</summary>
    public const int Capacity = 10_000;

    private readonly Channel<PageView> _queue = Channel.CreateBounded<PageView>(new BoundedChannelOptions(Capacity)
    {
        // TryWrite on a full "Wait" channel answers false at once: the page never waits for the queue.
        FullMode = BoundedChannelFullMode.Wait, SingleReader = true, SingleWriter = false,
    });
    private static readonly object PageKey = new();
    private readonly byte[] _key;
    private readonly TimeProvider _clock;
    private readonly ILogger<PageViews> _logger;
    private long _dropped;
    private long _lastDropLog;

    public PageViews(CodexOptions codex, TimeProvider clock, ILogger<PageViews> logger)
    {
        _clock = clock;
        _logger = logger;
        // Every site instance derives the same key from the shared internal key, so one visitor is one viewer to all
        // of them; a site without one (a lone developer instance) uses a key of its own.
        _key = string.IsNullOrEmpty(codex.InternalKey)
            ? RandomNumberGenerator.GetBytes(32)
            : HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(codex.InternalKey), 32, info: "codex page views"u8.ToArray());
    }

    public ChannelReader<PageView> Reader => _queue.Reader;

    /// <summary>Views dropped because the queue was full, since start.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Queues a view of <paramref name="contentId"/> when <paramref name="context"/> is a person's view of the page. Once
    /// per request: a page served from the output cache is recorded by its policy (ADR 027), and should that entry turn
    /// out not to be servable after all, the controller that then runs does not count it again.
    /// </summary>
    public void Record(HttpContext context, Guid contentId)
    {
        if (context.Items.ContainsKey(PageKey)) return;
        context.Items[PageKey] = contentId;
        if (!IsPersonsPageView(context.Request)) return;
        var viewer = context.User.UserId() is { } userId
            ? new ContentViewer(userId, null)
            : new ContentViewer(null, AnonymousKey(ServiceDefaultsExtensions.ClientAddress(context), context.Request.Headers.UserAgent.ToString()));
        if (_queue.Writer.TryWrite(new PageView(contentId, viewer))) return;
        var dropped = Interlocked.Increment(ref _dropped);
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastDropLog);
        if (now - last > 60_000 && Interlocked.CompareExchange(ref _lastDropLog, now, last) == last)
            _logger.LogWarning("The page view queue is full: {Dropped} views dropped since start", dropped);
    }

    /// <summary>A stored content page keeps the item it shows (<see cref="Record"/> ran for it, counted or not).</summary>
    object? ICachedPageVisits.Remember(HttpContext context) => context.Items.TryGetValue(PageKey, out var id) && id is Guid ? id : null;

    /// <summary>A visit answered with a stored content page is a view of its item, as if the controller had run.</summary>
    void ICachedPageVisits.Visited(HttpContext context, object remembered)
    {
        if (remembered is Guid contentId) Record(context, contentId);
    }

    /// <summary>
    /// A keyed hash (HMAC-SHA256) of the visitor's address and browser and today's date (UTC): the same visitor is one
    /// viewer for the day, and neither the address nor a lasting identifier is ever sent or stored.
    /// </summary>
    public string AnonymousKey(string address, string userAgent)
    {
        var day = _clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var input = string.Concat(day, "\n", address, "\n", userAgent);
        var max = Encoding.UTF8.GetMaxByteCount(input.Length);
        Span<byte> bytes = max <= 2048 ? stackalloc byte[max] : new byte[max];
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, bytes[..Encoding.UTF8.GetBytes(input, bytes)], mac);
        return System.Buffers.Text.Base64Url.EncodeToString(mac);
    }

    /// <summary>
    /// Whether the request is a person opening the page: a GET of the whole page (not an htmx fragment, not a
    /// prefetch or prerender) from a browser that does not say it is a bot, a crawler, a link previewer or a tool.
    /// </summary>
    public static bool IsPersonsPageView(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) || request.WantsFragment()) return false;
        var headers = request.Headers;
        if (Speculative(headers["Sec-Purpose"]) || Speculative(headers["Purpose"]) || Speculative(headers["X-Purpose"])
            || Speculative(headers["X-Moz"])) return false;
        var agent = headers.UserAgent.ToString();
        return agent.Length > 0 && !NotAPerson().IsMatch(agent);
    }

    private static bool Speculative(Microsoft.Extensions.Primitives.StringValues value) =>
        value.ToString() is { Length: > 0 } text
        && (text.Contains("prefetch", StringComparison.OrdinalIgnoreCase) || text.Contains("prerender", StringComparison.OrdinalIgnoreCase)
            || text.Contains("preview", StringComparison.OrdinalIgnoreCase));

    // Crawlers and previewers name themselves (Googlebot, Bingbot, DuckDuckBot, Twitterbot, Slackbot, Discordbot, ...:
    // "bot"), as do HTTP tools and headless browsers. A browser's own string never contains these words.
    [GeneratedRegex(@"bot|crawl|spider|slurp|facebookexternalhit|facebookcatalog|embedly|whatsapp|skypeuripreview|"
        + @"google-inspectiontool|googleother|lighthouse|headlesschrome|phantomjs|playwright|puppeteer|selenium|"
        + @"curl/|wget/|httpie|python-|aiohttp|go-http-client|java/|okhttp|axios/|node-fetch|undici|libwww|scrapy|"
        + @"http_request|feedfetcher|monitor|uptime|pingdom|preview|archive\.org|ia_archiver",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotAPerson();
}

/// <summary>
/// Drains <see cref="PageViews"/> every <see cref="FlushInterval"/>: the views that arrived meanwhile, without
/// repeats, go to the Content-API as one report per item (<c>POST /api/content/:id/views</c>, internal key). A report
/// that fails is dropped, not retried forever: a lost view costs a count, never a page. At shutdown what is queued is
/// reported once more, briefly.
/// </summary>
public sealed class PageViewReporter(PageViews views, IServiceScopeFactory scopes, ILogger<PageViewReporter> logger) : BackgroundService
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);
    private const int MaxPerFlush = 20_000;
    private const int Parallel = 4;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await views.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(FlushInterval, stoppingToken); // gather a batch
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            using var last = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            try
            {
                await FlushAsync(last.Token);
            }
            catch (OperationCanceledException)
            {
                // shutting down: what is left is lost, as the queue is memory
            }
        }
    }

    /// <summary>Reports what is queued now.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        var batch = new Dictionary<Guid, HashSet<ContentViewer>>();
        for (var n = 0; n < MaxPerFlush && views.Reader.TryRead(out var view); n++)
        {
            if (!batch.TryGetValue(view.ContentId, out var viewers)) batch[view.ContentId] = viewers = [];
            viewers.Add(view.Viewer);
        }
        if (batch.Count == 0) return;
        var reports = batch.SelectMany(b => b.Value.Chunk(ContentViewRules.MaxViewersPerReport).Select(chunk => (Id: b.Key, Viewers: chunk)));
        await System.Threading.Tasks.Parallel.ForEachAsync(reports, new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = ct },
            async (report, token) =>
            {
                await using var scope = scopes.CreateAsyncScope();
                try
                {
                    await scope.ServiceProvider.GetRequiredService<ContentViewsClient>().RecordViewsAsync(report.Id, report.Viewers, token);
                }
                catch (Exception e) when (e is WorkerCallException or WorkerUnavailableException)
                {
                    // 404: the item went meanwhile; 403: no shared internal key; 5xx: the worker is down. Dropped.
                    logger.LogWarning(e, "Views of {ContentId} were not reported", report.Id);
                }
            });
    }
}

/// <summary>Registration of view counting.</summary>
public static class PageViewsRegistration
{
    public static IServiceCollection AddPageViews(this IServiceCollection services)
    {
        services.AddWorkerClient<ContentViewsClient>(Role.ContentApi);
        services.AddSingleton<PageViews>();
        services.AddSingleton<ICachedPageVisits>(sp => sp.GetRequiredService<PageViews>());
        services.AddSingleton<PageViewReporter>();
        services.AddHostedService(sp => sp.GetRequiredService<PageViewReporter>());
        return services;
    }
}
