// Issue 16: how many live events one site process delivers to 1,000 open /events streams, its memory, and the time
// from paying the test checkout (its signed webhook) to the buyer's stream saying purchase-completed.
//
// The site runs as its own process (the published host, Codex__Role=site), so that its memory is its own; the eight
// workers run in this process as one CodexSystem, on the same PostgreSQL database, with their PostgreSQL live-events
// bus: every event reaches the site the way it does in a split deployment (NOTIFY, then the site's listener and hub).
// Events for the throughput steps are published through that same bus (what a worker's LiveEvents does after a
// commit); the purchases are real (test checkout -> signed webhook -> Ecom worker -> bus). Run by scripts/bench-events.
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Codex.Contracts;
using Codex.Contracts.Notifications;
using Codex.Data;
using Codex.Host;
using Codex.ServiceDefaults.Live;
using Codex.Workers.Pipeline;
using Serilog;

var options = Args.Parse(args);
Log.Logger = new LoggerConfiguration().MinimumLevel.Warning().WriteTo.Console().CreateLogger();
var work = Directory.CreateTempSubdirectory("codex-bench-events-").FullName;
var siteUrl = $"http://127.0.0.1:{FreePort()}";
var internalKey = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
Process? site = null;
CodexSystem? workers = null;
var exit = 0;
try
{
    Say($"starting the eight workers in this process on PostgreSQL (migrations)");
    workers = await CodexSystem.StartAsync(new SystemOptions
    {
        Roles = [.. WorkerInfo.All.Select(w => w.Role)],
        DynamicPorts = true,
        EnvironmentName = "Production",
        Settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Codex"] = options.Database,
            ["Codex:DataPath"] = Path.Combine(work, "workers"),
            ["Codex:SeedDemoData"] = "false",
            [CodexSystem.InternalKeySetting] = internalKey,
            [CodexSystem.PublicUrlSetting] = siteUrl,
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["RateLimits:PerClientPerMinute"] = "100000000",
            ["RateLimits:AuthPerClient"] = "100000000",
        },
    });
    var bus = workers.LiveEvents;

    Say($"starting the site alone (Codex__Role=site) from {options.App} on {siteUrl}");
    site = StartSite(options, workers, siteUrl, internalKey, work);
    using var http = new HttpClient(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        UseCookies = false,
        AllowAutoRedirect = false,
    }) { Timeout = Timeout.InfiniteTimeSpan };
    await WaitForAsync(http, siteUrl + "/health", site);
    // The site listens for NOTIFY from its start; give its listener a moment, then warm it up with a page.
    await http.GetAsync(siteUrl + "/");

    Say($"seeding {options.Users} staff users of one organization (sessions straight into the database), 10 buyers, a paid item");
    var seed = await Seed.RunAsync(options.Database, options.Users, buyers: 10);

    await Task.Delay(2000);
    var rssIdle = Rss(site);
    Say($"opening {options.Streams} /events streams ({options.Streams / options.Users} per user)");
    var stats = new Stats();
    var clock = Stopwatch.StartNew();
    var streams = new List<StreamClient>();
    using (var gate = new SemaphoreSlim(16))
    {
        var opening = Enumerable.Range(0, options.Streams).Select(async i =>
        {
            await gate.WaitAsync();
            try { return await StreamClient.OpenAsync(http, siteUrl, seed.StaffCookies[i % seed.StaffCookies.Count], stats); }
            finally { gate.Release(); }
        }).ToList();
        streams.AddRange(await Task.WhenAll(opening));
    }
    var openTook = clock.Elapsed;
    Say($"{streams.Count(s => s.Connected)} streams open in {openTook.TotalSeconds:0.0} s; letting them idle 10 s (two keep-alives would be 30 s)");
    await Task.Delay(10_000);
    var rssStreams = Rss(site);

    var report = new StringBuilder();
    report.AppendLine($"Codex live events bench: {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss}  {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Split(' ')[..3].Aggregate((a, b) => a + " " + b)}");
    report.AppendLine($"site: one process (published host, Codex__Role=site, Production), PostgreSQL LISTEN/NOTIFY bus; workers and the {options.Streams} stream readers in the bench process");
    report.AppendLine($"{options.Streams} streams of {options.Users} users opened in {openTook.TotalSeconds:0.0} s ({options.Streams / openTook.TotalSeconds:0}/s, 16 at a time; {stats.Retries} opens answered 503 and were tried again a second later)");
    report.AppendLine();
    report.AppendLine($"site RSS: idle {rssIdle} MiB; with {streams.Count(s => s.Connected)} idle streams open {rssStreams} MiB ({(rssStreams - rssIdle) * 1024.0 / Math.Max(1, streams.Count):0.0} KiB a stream)");
    report.AppendLine();

    // 1. Organization events: each goes to every stream (all users are the organization's staff).
    report.AppendLine("organization events (media-status), each to every open stream");
    report.AppendLine($"{"events/s asked",15} {"events/s sent",14} {"deliveries/s",13} {"delivered",10} {"expected",10} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"streams",8}");
    foreach (var rate in options.BroadcastRates)
    {
        var r = await StepAsync(bus, stats, streams, rate, options.StepSeconds, _ => (null, seed.OrganizationId), fanOut: () => streams.Count(s => s.Open));
        report.AppendLine(r);
        Say(r);
        if (streams.Count(s => s.Open) < streams.Count / 2) { report.AppendLine("(stopped: half the streams were ended as too slow)"); break; }
    }
    var rssAfterBroadcast = Rss(site);
    report.AppendLine();

    // 2. User events: each to one user's streams (how purchases and library changes go).
    report.AppendLine($"user events (library-changed), each to one user's {options.Streams / options.Users} streams, users in turn");
    report.AppendLine($"{"events/s asked",15} {"events/s sent",14} {"deliveries/s",13} {"delivered",10} {"expected",10} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"streams",8}");
    foreach (var rate in options.UserRates)
    {
        var r = await StepAsync(bus, stats, streams, rate, options.StepSeconds, n => (seed.StaffIds[n % seed.StaffIds.Count], null),
            fanOut: () => options.Streams / options.Users);
        report.AppendLine(r);
        Say(r);
    }
    var rssAfterUsers = Rss(site);
    report.AppendLine();
    report.AppendLine($"site RSS after the organization steps {rssAfterBroadcast} MiB, after the user steps {rssAfterUsers} MiB (peak {PeakRss(site)} MiB)");
    report.AppendLine();

    // 3. A real purchase: pay the test checkout through the site, as the browser's form does; time to the buyer's event.
    var times = new List<double>();
    for (var i = 0; i < seed.Buyers.Count; i++)
    {
        var (buyerId, cookie) = seed.Buyers[i];
        await using var buyerStream = await StreamClient.OpenAsync(http, siteUrl, cookie, new Stats());
        var sessionId = await CreateCheckoutAsync(http, workers.Urls[Role.EcomApi], cookie, seed.PaidItemId, siteUrl);
        var watch = Stopwatch.StartNew();
        var startedAt = Stopwatch.GetTimestamp();
        var purchased = buyerStream.WaitForAsync(LiveEventTypes.PurchaseCompleted);
        using var pay = new HttpRequestMessage(HttpMethod.Post, $"{siteUrl}/checkout/test/{sessionId}/pay") { Content = new FormUrlEncodedContent([]) };
        pay.Headers.Add("Cookie", cookie);
        var paid = await http.SendAsync(pay);
        var payTook = watch.Elapsed.TotalMilliseconds;
        if ((int)paid.StatusCode is < 300 or >= 400) throw new InvalidOperationException($"pay answered {(int)paid.StatusCode}");
        // The event usually comes before the pay answer does: the worker publishes while it handles the webhook.
        var arrivedAt = await purchased.WaitAsync(TimeSpan.FromSeconds(15));
        times.Add(Stopwatch.GetElapsedTime(startedAt, arrivedAt).TotalMilliseconds);
        Say($"purchase {i + 1}: pay answered in {payTook:0.0} ms, purchase-completed on the buyer's stream after {times[^1]:0.0} ms");
    }
    times.Sort();
    report.AppendLine($"pay (POST /checkout/test/{{id}}/pay through the site) -> signed webhook -> Ecom worker -> NOTIFY -> site -> the buyer's stream, {times.Count} purchases:");
    report.AppendLine($"  median {Percentile(times, 50):0.0} ms, min {times[0]:0.0} ms, max {times[^1]:0.0} ms (with {streams.Count(s => s.Open)} other streams open)");
    report.AppendLine($"streams ended by the site as too slow over the whole run: {stats.Ended}");

    Console.WriteLine();
    Console.Write(report);
    if (options.Output is { } output) await File.WriteAllTextAsync(output, report.ToString());
    foreach (var s in streams) await s.DisposeAsync();
}
catch (Exception e)
{
    Console.Error.WriteLine($"bench-events failed: {e}");
    exit = 1;
}
finally
{
    if (site is { HasExited: false })
    {
        site.Kill(entireProcessTree: true);
        await site.WaitForExitAsync();
    }
    if (workers is not null) await workers.DisposeAsync();
    try { Directory.Delete(work, recursive: true); } catch (IOException) { }
}
return exit;

static async Task<string> StepAsync(ILiveEventBus bus, Stats stats, List<StreamClient> streams, int rate, int seconds,
    Func<int, (Guid? User, Guid? Org)> target, Func<int> fanOut)
{
    var expectedPer = fanOut();
    stats.Reset();
    var total = rate * seconds;
    var startedAt = Stopwatch.GetTimestamp();
    var clock = Stopwatch.StartNew();
    var inFlight = new List<Task>();
    var sent = 0;
    while (sent < total)
    {
        var due = Math.Min(total, (int)(clock.Elapsed.TotalSeconds * rate) + 1);
        while (sent < due)
        {
            var n = stats.NextNumber();
            var (user, org) = target(n);
            var e = org is { } o
                ? LiveEvent.Create(LiveEventTypes.MediaStatus, null, o, $$"""{"n":{{n}},"mediaId":"00000000-0000-0000-0000-000000000000","status":"transcoding","progress":50}""")
                : LiveEvent.Create(LiveEventTypes.LibraryChanged, user, null, $$"""{"n":{{n}}}""");
            stats.MarkPublished(n);
            inFlight.Add(bus.PublishAsync(e, CancellationToken.None));
            sent++;
            if (inFlight.Count >= 16)
            {
                await Task.WhenAll(inFlight);
                inFlight.Clear();
            }
        }
        await Task.Delay(5);
    }
    await Task.WhenAll(inFlight);
    var sendTook = clock.Elapsed.TotalSeconds;
    var expected = (long)total * expectedPer;
    // Drain: wait until every delivery came or nothing more arrives for 3 s.
    long last = -1;
    var quiet = Stopwatch.StartNew();
    while (stats.Delivered < expected && quiet.Elapsed < TimeSpan.FromSeconds(3))
    {
        if (stats.Delivered != last) { last = stats.Delivered; quiet.Restart(); }
        await Task.Delay(50);
    }
    var took = stats.SecondsToLastDelivery(startedAt);
    var deliveries = stats.Delivered;
    return $"{rate,15} {total / sendTook,14:0} {deliveries / Math.Max(took, 0.001),13:0} {deliveries,10} {expected,10} {stats.Percentile(50),8:0.0} {stats.Percentile(95),8:0.0} {stats.Percentile(99),8:0.0} {streams.Count(s => s.Open),8}";
}

static async Task<string> CreateCheckoutAsync(HttpClient http, Uri ecom, string cookie, Guid contentId, string siteUrl)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(ecom, "/checkout/create"))
    {
        Content = JsonContent.Create(new { contentId, successUrl = siteUrl + "/checkout/success?session_id={CHECKOUT_SESSION_ID}", cancelUrl = siteUrl + "/" }),
    };
    request.Headers.Add("Cookie", cookie);
    using var response = await http.SendAsync(request);
    var body = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"checkout/create answered {(int)response.StatusCode}: {body}");
    return JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("sessionId").GetString()!;
}

static Process StartSite(Args options, CodexSystem workers, string siteUrl, string internalKey, string work)
{
    var start = new ProcessStartInfo("dotnet", [Path.Combine(options.App, "Codex.Host.dll")])
    {
        WorkingDirectory = options.App,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };
    var env = start.Environment;
    env["Codex__Role"] = "site";
    env["ConnectionStrings__Codex"] = options.Database;
    env["Codex__DataPath"] = Path.Combine(work, "site");
    env["Codex__InternalKey"] = internalKey;
    env["Codex__PublicUrl"] = siteUrl;
    env["ASPNETCORE_URLS"] = siteUrl;
    env["ASPNETCORE_ENVIRONMENT"] = "Production";
    env["Serilog__MinimumLevel__Default"] = "Warning";
    env["RateLimits__PerClientPerMinute"] = "100000000";
    foreach (var worker in WorkerInfo.All) env[worker.UrlVariable] = workers.Urls[worker.Role].ToString().TrimEnd('/');
    var process = Process.Start(start)!;
    var log = new StreamWriter(Path.Combine(options.LogFolder, "site.log")) { AutoFlush = true };
    process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
    process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static async Task WaitForAsync(HttpClient http, string url, Process process)
{
    for (var i = 0; i < 240; i++)
    {
        if (process.HasExited) throw new InvalidOperationException($"the site exited ({process.ExitCode}); see its log");
        try { if ((await http.GetAsync(url)).StatusCode == HttpStatusCode.OK) return; } catch (HttpRequestException) { }
        await Task.Delay(250);
    }
    throw new TimeoutException($"{url} did not answer 200 within 60 s");
}

static long Rss(Process process) => ReadStatus(process, "VmRSS:");
static long PeakRss(Process process) => ReadStatus(process, "VmHWM:");
static long ReadStatus(Process process, string field) =>
    File.ReadLines($"/proc/{process.Id}/status").Where(l => l.StartsWith(field, StringComparison.Ordinal))
        .Select(l => long.Parse(l[field.Length..].Trim().Split(' ')[0]) / 1024).FirstOrDefault();

static double Percentile(List<double> sorted, int p) => sorted[Math.Clamp((int)Math.Ceiling(sorted.Count * p / 100.0) - 1, 0, sorted.Count - 1)];

static int FreePort()
{
    var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    var port = ((IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    return port;
}

static void Say(string text) => Console.WriteLine($"==> {text}");

sealed record Args(string App, string Database, int Streams, int Users, int StepSeconds, int[] BroadcastRates, int[] UserRates, string LogFolder, string? Output)
{
    public static Args Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        int[] Rates(string name, string fallback) => [.. Get(name, fallback).Split(',').Select(int.Parse)];
        return new Args(Get("--app", ""), Get("--db", ""), int.Parse(Get("--streams", "1000")), int.Parse(Get("--users", "500")),
            int.Parse(Get("--step-seconds", "5")), Rates("--org-rates", "5,20,50,100,200"), Rates("--user-rates", "200,500,1000,2000"),
            Get("--logs", Path.GetTempPath()), Get("--out", "") is { Length: > 0 } o ? o : null);
    }
}

/// <summary>Counters and a latency histogram (0.1 ms buckets up to 60 s) shared by every reader.</summary>
sealed class Stats
{
    private const int Buckets = 600_000;
    private readonly long[] _publishedAt = new long[4_000_000];
    private int[] _histogram = new int[Buckets];
    private int _number = -1;
    private long _delivered;
    private long _lastDelivery;
    private int _ended;

    public long Delivered => Interlocked.Read(ref _delivered);
    public int Ended => Volatile.Read(ref _ended);
    public int Published => Volatile.Read(ref _number) + 1;

    public int NextNumber() => Interlocked.Increment(ref _number);
    public void MarkPublished(int n) => Volatile.Write(ref _publishedAt[n], Stopwatch.GetTimestamp());

    public void Reset()
    {
        _histogram = new int[Buckets];
        Interlocked.Exchange(ref _delivered, 0);
    }

    public void Delivery(int n)
    {
        var now = Stopwatch.GetTimestamp();
        var published = Volatile.Read(ref _publishedAt[n]);
        if (published == 0) return;
        var bucket = (int)Math.Min(Buckets - 1, Stopwatch.GetElapsedTime(published, now).Ticks / 1000);
        Interlocked.Increment(ref _histogram[bucket]);
        Interlocked.Increment(ref _delivered);
        Interlocked.Exchange(ref _lastDelivery, now);
    }

    public void StreamEnded() => Interlocked.Increment(ref _ended);

    private int _retries;
    public int Retries => Volatile.Read(ref _retries);
    public void Retry() => Interlocked.Increment(ref _retries);

    /// <summary>Seconds from <paramref name="start"/> (a timestamp) to the last delivery.</summary>
    public double SecondsToLastDelivery(long start) => Stopwatch.GetElapsedTime(start, Interlocked.Read(ref _lastDelivery)).TotalSeconds;

    public double Percentile(int p)
    {
        var h = _histogram;
        long total = 0;
        foreach (var c in h) total += c;
        if (total == 0) return double.NaN;
        var rank = (long)Math.Ceiling(total * p / 100.0);
        long seen = 0;
        for (var i = 0; i < h.Length; i++)
        {
            seen += h[i];
            if (seen >= rank) return (i + 0.5) / 10.0;
        }
        return double.NaN;
    }
}

/// <summary>One open GET /events, read line by line on its own task.</summary>
sealed class StreamClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Stats _stats;
    private TaskCompletionSource<long>? _waitingFor;
    private string? _waitingType;
    private Task _reading = Task.CompletedTask;

    private StreamClient(HttpResponseMessage response, Stats stats)
    {
        _response = response;
        _stats = stats;
    }

    public bool Connected { get; private set; }
    public bool Open { get; private set; }

    /// <summary>Retries after a 503 (a worker call over its budget on a loaded machine), as EventSource does after <c>retry:</c>.</summary>
    public static async Task<StreamClient> OpenAsync(HttpClient http, string site, string cookie, Stats stats)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { return await OpenOnceAsync(http, site, cookie, stats); }
            catch (InvalidOperationException e) when (attempt < 20 && e.Message.EndsWith("503", StringComparison.Ordinal))
            {
                stats.Retry();
                await Task.Delay(1000);
            }
        }
    }

    private static async Task<StreamClient> OpenOnceAsync(HttpClient http, string site, string cookie, Stats stats)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, site + "/events");
        request.Headers.Add("Cookie", cookie);
        request.Headers.Accept.ParseAdd("text/event-stream");
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"/events answered {(int)response.StatusCode}");
        var client = new StreamClient(response, stats);
        client._reading = client.ReadAsync(await response.Content.ReadAsStreamAsync());
        await client._connected.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return client;
    }

    /// <summary>Completes with the arrival time (a timestamp) of the next event of <paramref name="type"/> (one waiter at a time).</summary>
    public Task<long> WaitForAsync(string type)
    {
        var waiter = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waitingType = type;
        Volatile.Write(ref _waitingFor, waiter);
        return waiter.Task;
    }

    private async Task ReadAsync(Stream body)
    {
        using var reader = new StreamReader(body, Encoding.UTF8);
        string? type = null;
        try
        {
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (!Connected && line.StartsWith(": connected", StringComparison.Ordinal))
                {
                    Connected = Open = true;
                    _connected.TrySetResult();
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal)) type = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    var at = line.IndexOf("\"n\":", StringComparison.Ordinal);
                    if (at >= 0)
                    {
                        var span = line.AsSpan(at + 4);
                        var end = 0;
                        while (end < span.Length && char.IsAsciiDigit(span[end])) end++;
                        if (int.TryParse(span[..end], out var n)) _stats.Delivery(n);
                    }
                    if (type == _waitingType && Volatile.Read(ref _waitingFor) is { } waiter) waiter.TrySetResult(Stopwatch.GetTimestamp());
                }
            }
        }
        catch (OperationCanceledException) { return; }
        catch (IOException) { }
        catch (HttpRequestException) { }
        if (Open) _stats.StreamEnded();
        Open = false;
        _connected.TrySetException(new InvalidOperationException("the stream ended before it said connected"));
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try { await _reading; } catch (Exception) { }
        _response.Dispose();
        _stop.Dispose();
    }
}

static class Seed
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    public sealed record Result(Guid OrganizationId, List<Guid> StaffIds, List<string> StaffCookies, List<(Guid Id, string Cookie)> Buyers, Guid PaidItemId);

    public static async Task<Result> RunAsync(string connectionString, int staff, int buyers)
    {
        await using var db = CodexDatabase.Create(connectionString);
        var org = new Organization { Id = Guid.NewGuid(), Slug = "bench-events", Name = "Bench events", CreatedAt = Now, UpdatedAt = Now };
        db.Organizations.Add(org);
        var staffIds = new List<Guid>();
        var staffCookies = new List<string>();
        for (var i = 0; i < staff; i++)
        {
            var (user, cookie) = User(db, $"bench-staff-{i}");
            db.Memberships.Add(new Membership
            {
                Id = Guid.NewGuid(), OrganizationId = org.Id, UserId = user.Id, Role = MemberRole.Creator, Status = MembershipStatus.Active, CreatedAt = Now,
            });
            staffIds.Add(user.Id);
            staffCookies.Add(cookie);
        }
        var buyerList = new List<(Guid, string)>();
        for (var i = 0; i < buyers; i++)
        {
            var (user, cookie) = User(db, $"bench-buyer-{i}");
            buyerList.Add((user.Id, cookie));
        }
        var item = new ContentItem
        {
            Id = Guid.NewGuid(), OrganizationId = org.Id, CreatorId = staffIds[0], Slug = "bench-paid", Title = "Bench paid item",
            ContentType = ContentType.Written, AccessType = AccessType.Paid, PriceCents = 500, Status = ContentStatus.Published,
            ContentBody = "Paid.", Tags = ["bench"], PublishedAt = Now, CreatedAt = Now, UpdatedAt = Now,
        };
        db.Content.Add(item);
        await db.SaveChangesAsync();
        return new Result(org.Id, staffIds, staffCookies, buyerList, item.Id);
    }

    private static (User User, string Cookie) User(CodexDbContext db, string name)
    {
        var user = new User
        {
            Id = Guid.NewGuid(), Email = $"{name}@example.test", Name = name, PasswordHash = "not-a-real-hash",
            EmailVerified = true, Role = UserRole.Customer, CreatedAt = Now, UpdatedAt = Now,
        };
        var token = SessionTokens.NewToken();
        db.Users.Add(user);
        db.Sessions.Add(new Session
        {
            Id = Guid.NewGuid(), UserId = user.Id, TokenHash = SessionTokens.Hash(token), ExpiresAt = Now.AddDays(1), CreatedAt = Now,
        });
        return (user, $"codex-session={token}");
    }
}
