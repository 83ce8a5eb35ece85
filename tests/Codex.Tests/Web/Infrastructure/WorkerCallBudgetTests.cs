using System.Diagnostics;
using Codex.Contracts;
using Codex.ServiceDefaults;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure.Workers;
using Flurl.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Codex.Tests.Web.Infrastructure;

/// <summary>
/// The three budgets of a call from the site to a worker, on a typed client registered as the site registers its own,
/// against a real server that misbehaves on purpose: reads retried, writes retried only with an Idempotency-Key, a
/// 429 never taken for an outage, uploads that may take long but not stall.
/// </summary>
public sealed class WorkerCallBudgetTests : IAsyncLifetime
{
    private WebApplication _server = null!;
    private ServiceProvider _services = null!;
    private readonly Dictionary<string, int> _calls = [];

    /// <summary>A client with one method per budget, as a worker's typed client would have.</summary>
    public sealed class ProbeClient(HttpClient http) : WorkerClient(http, Role.AdminApi)
    {
        public Task<string> ReadAsync(string path, CancellationToken ct = default) =>
            CallAsync(token => Request(CallBudget.Read, path).GetStringAsync(cancellationToken: token), ct);

        public Task<string> WriteAsync(string path, string? idempotencyKey = null, CancellationToken ct = default) =>
            CallAsync(token =>
            {
                var request = Request(CallBudget.Form, path);
                if (idempotencyKey is not null) request.WithHeader(Codex.Contracts.Ecom.Idempotency.Header, idempotencyKey);
                return request.PostStringAsync("{}", cancellationToken: token).ReceiveString();
            }, ct);

        public Task<string> PayAsync(string path, CancellationToken ct = default) =>
            CallAsync(token => Request(CallBudget.Payment, path).WithHeader(Codex.Contracts.Ecom.Idempotency.Header, "pay-1")
                .PostStringAsync("{}", cancellationToken: token).ReceiveString(), ct);

        public Task<string> CrawlAsync(string path, CancellationToken ct = default) =>
            CallAsync(token => Request(CallBudget.Crawl, path).GetStringAsync(cancellationToken: token), ct);

        public Task<string> UploadAsync(Stream body, CancellationToken ct = default) =>
            CallAsync(token => Request(CallBudget.Upload, "/upload").PostAsync(new StreamContent(body), cancellationToken: token).ReceiveString(), ct);
    }

    private int Count(string key)
    {
        lock (_calls) return _calls[key] = _calls.GetValueOrDefault(key) + 1;
    }

    private int Calls(string key)
    {
        lock (_calls) return _calls.GetValueOrDefault(key);
    }

    public async Task InitializeAsync()
    {
        TestLogging.EnsureConfigured();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
        _server = builder.Build();
        _server.MapGet("/flaky/{key}", (string key) => Count(key) <= 2 ? Results.StatusCode(500) : Results.Text("read"));
        _server.MapPost("/flaky/{key}", (string key) => Count(key) <= 1 ? Results.StatusCode(503) : Results.Text("written"));
        _server.MapGet("/limited", (HttpContext context) =>
        {
            Count("limited");
            context.Response.Headers.RetryAfter = "42";
            return Results.Json(new ErrorEnvelope(new ErrorBody(ErrorCodes.RateLimited, "Slow down.")), statusCode: 429);
        });
        _server.MapGet("/ok", () => Results.Text("ok"));
        _server.MapGet("/slow", async (CancellationToken ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), ct);
            return Results.Text("late");
        });
        _server.MapPost("/slow-payment", async () =>
        {
            Count("slow-payment");
            await Task.Delay(TimeSpan.FromSeconds(3));
            return Results.Text("refunded");
        });
        _server.MapGet("/slow-count", async () =>
        {
            Count("slow-count");
            await Task.Delay(TimeSpan.FromSeconds(3));
            return Results.Text("counted");
        });
        _server.MapPost("/upload", async (HttpRequest request) =>
        {
            var total = 0L;
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(buffer)) > 0) total += read;
            return Results.Text(total.ToString());
        });
        await _server.StartAsync();
        var address = new Uri(_server.Urls.First());

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddHttpContextAccessor();
        services.AddSingleton<CodexMetrics>();
        // Short budgets, so an upload can outlast every other budget within a few seconds. The idle timeout is 25 times
        // the trickle's pause, so a busy test machine (thread pool still growing, GC) cannot pass for a stall.
        services.AddSingleton(new WorkerClientOptions
        {
            ReadTimeout = TimeSpan.FromSeconds(1.5), ReadAttemptTimeout = TimeSpan.FromSeconds(1),
            FormTimeout = TimeSpan.FromSeconds(2), FormAttemptTimeout = TimeSpan.FromSeconds(2), PaymentTimeout = TimeSpan.FromSeconds(30),
            CrawlTimeout = TimeSpan.FromSeconds(30), CrawlAttemptTimeout = TimeSpan.FromSeconds(20),
            UploadIdleTimeout = TimeSpan.FromSeconds(3), BreakDuration = TimeSpan.FromSeconds(30),
        });
        services.AddTransient<WorkerRequestHandler>();
        services.AddTransient<WorkerCallMetricsHandler>();
        services.AddTransient<UploadIdleTimeoutHandler>();
        services.AddWorkerClient<ProbeClient>(Role.AdminApi, _ => address);
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    private ProbeClient Client() => _services.GetRequiredService<ProbeClient>();

    [Fact]
    public async Task Read_IsRetried_OnTheWorkersOwnFailures()
    {
        Assert.Equal("read", await Client().ReadAsync("/flaky/read"));
        Assert.Equal(3, Calls("read"));
    }

    [Fact]
    public async Task Write_WithoutAnIdempotencyKey_IsNotRetried()
    {
        await Assert.ThrowsAsync<WorkerUnavailableException>(() => Client().WriteAsync("/flaky/plain-write"));
        Assert.Equal(1, Calls("plain-write"));
    }

    [Fact]
    public async Task Write_WithAnIdempotencyKey_IsRetried()
    {
        Assert.Equal("written", await Client().WriteAsync("/flaky/keyed-write", idempotencyKey: "key-1"));
        Assert.Equal(2, Calls("keyed-write"));
    }

    [Fact]
    public async Task Payment_OutlastsAFormsBudget_InOneAttempt_SoASlowProviderIsNeverAskedTwice()
    {
        Assert.Equal("refunded", await Client().PayAsync("/slow-payment"));
        Assert.Equal(1, Calls("slow-payment"));
    }

    [Fact]
    public async Task Crawl_OutlastsAPageReadsBudget_SoTheSitemapCanScanTheCatalogue()
    {
        await Assert.ThrowsAsync<WorkerUnavailableException>(() => Client().ReadAsync("/slow-count"));
        var reads = Calls("slow-count");

        Assert.Equal("counted", await Client().CrawlAsync("/slow-count"));
        Assert.Equal(reads + 1, Calls("slow-count"));
    }

    [Fact]
    public async Task TooManyRequests_IsShownToTheCaller_AndNeverOpensTheCircuit()
    {
        for (var i = 0; i < 60; i++)
        {
            var refused = await Assert.ThrowsAsync<WorkerCallException>(() => Client().ReadAsync("/limited"));
            Assert.Equal(429, refused.Status);
            Assert.Equal(TimeSpan.FromSeconds(42), refused.RetryAfter);
        }

        Assert.Equal("ok", await Client().ReadAsync("/ok"));
        Assert.Equal(60, Calls("limited")); // a 429 is not retried either
    }

    [Fact]
    public async Task Read_GivesUpWithinItsBudget()
    {
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<WorkerUnavailableException>(() => Client().ReadAsync("/slow"));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task Upload_ThatKeepsMoving_MayTakeLongerThanAnyOtherBudget()
    {
        var clock = Stopwatch.StartNew();

        var received = await Client().UploadAsync(new TrickleStream(chunks: 25, chunkBytes: 64 * 1024, pause: TimeSpan.FromMilliseconds(120)));

        Assert.Equal((25 * 64 * 1024).ToString(), received);
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(2.5), $"took {clock.Elapsed}: longer than a read or a form may take");
    }

    [Fact]
    public async Task Upload_ThatStalls_FailsAfterTheIdleTimeout()
    {
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<WorkerUnavailableException>(() =>
            Client().UploadAsync(new TrickleStream(chunks: 3, chunkBytes: 1024, pause: TimeSpan.FromSeconds(20))));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2.9), TimeSpan.FromSeconds(8));
        Assert.Contains("The upload stalled", failure.ToString());
    }

    /// <summary>A body that arrives in chunks with a pause before each, like a slow uplink (or one that stops).</summary>
    private sealed class TrickleStream(int chunks, int chunkBytes, TimeSpan pause) : Stream
    {
        private int _sent;
        private int _offsetInChunk = -1;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            if (_offsetInChunk is -1 || _offsetInChunk == chunkBytes)
            {
                if (_sent == chunks) return 0;
                await Task.Delay(pause, ct);
                _sent++;
                _offsetInChunk = 0;
            }
            var count = Math.Min(buffer.Length, chunkBytes - _offsetInChunk);
            buffer.Span[..count].Fill(7);
            _offsetInChunk += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
