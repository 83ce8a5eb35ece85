using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Codex.Contracts;
using Codex.Data;

namespace Codex.Tests.Infrastructure;

/// <summary>
/// The real S3-compatible server of a test run: s3rver (npm) on loopback. scripts/test installs it, starts one and names
/// it in <c>CODEX_TEST_S3</c>; without that variable (a plain <c>dotnet test</c>) the fixture starts its own from the
/// same install, and without an install the S3 tests fail saying how to get one: they never pass without a store.
/// s3rver has one account, S3RVER/S3RVER.
/// </summary>
public sealed class TestS3Server : IAsyncDisposable
{
    public const string Variable = "CODEX_TEST_S3";
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";
    /// <summary>The version scripts/test installs (and the folder it installs it in).</summary>
    public const string S3rverVersion = "3.7.1";

    private readonly Process? _process;
    private readonly string? _directory;

    private TestS3Server(string serviceUrl, Process? process, string? directory)
    {
        ServiceUrl = serviceUrl;
        _process = process;
        _directory = directory;
    }

    /// <summary>The server's address as a deployment would configure it (<c>http://127.0.0.1:port</c>).</summary>
    public string ServiceUrl { get; }

    /// <summary>The server named by <c>CODEX_TEST_S3</c>, or a new s3rver on a free loopback port and a temporary folder.</summary>
    public static async Task<TestS3Server> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } url) return new TestS3Server(url.TrimEnd('/'), null, null);

        var script = FindS3rver() ?? throw new InvalidOperationException(
            $"The S3 tests need a real S3-compatible server and found none: {Variable} is not set and s3rver is not installed in " +
            $"{InstallDirectory()}. scripts/test does both; by hand: npm install --prefix {InstallDirectory()} s3rver@{S3rverVersion}, " +
            $"or start any S3-compatible server on http:// and set {Variable}=http://127.0.0.1:<port> (account S3RVER/S3RVER).");
        var port = ClosedPort.Url().Port;
        var directory = Directory.CreateTempSubdirectory("codex-s3rver-").FullName;
        var start = new ProcessStartInfo("node") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { script, "-d", directory, "-a", "127.0.0.1", "-p", port.ToString(), "--silent" }) start.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for s3rver.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Could not start s3rver: node is not on PATH ({e.Message}); install nodejs.", e);
        }
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new TestS3Server($"http://127.0.0.1:{port}", process, directory);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException) when (!process.HasExited && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            catch (SocketException)
            {
                await server.DisposeAsync();
                lock (output) throw new InvalidOperationException($"s3rver ({script}) did not start on 127.0.0.1:{port}: {output}");
            }
        }
    }

    /// <summary>Where scripts/test installs s3rver: <c>$CODEX_S3RVER_HOME</c>, else the user's cache folder.</summary>
    public static string InstallDirectory() =>
        Environment.GetEnvironmentVariable("CODEX_S3RVER_HOME") is { Length: > 0 } home ? home
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "codex", $"s3rver-{S3rverVersion}");

    private static string? FindS3rver()
    {
        var script = Path.Combine(InstallDirectory(), "node_modules", "s3rver", "bin", "s3rver.js");
        return File.Exists(script) ? script : null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
        }
        if (_directory is not null) try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>
/// The site, the Content-API and the Organization-API with media in a bucket of their own on the real S3-compatible
/// server (<see cref="TestS3Server"/>): what a browser gets from a deployment whose store is on plain http.
/// </summary>
public sealed class S3Fixture : SystemFixture
{
    private static readonly DateTimeOffset Base = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private TestS3Server? _server;
    private bool _bucketCreated;

    /// <summary>A fresh bucket per fixture, so the SQLite and PostgreSQL runs never share objects.</summary>
    public string Bucket { get; } = "codex-test-" + Guid.NewGuid().ToString("N")[..16];

    public TestS3Server Server => _server ?? throw new InvalidOperationException("The S3 server has not started.");

    /// <summary>The store's origin (scheme, host and port), as the CSP names it.</summary>
    public string Origin => new Uri(Server.ServiceUrl).GetLeftPart(UriPartial.Authority);

    protected override IReadOnlyList<Role> Roles => [Role.ContentApi, Role.OrganizationApi, Role.Site];
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Storage:S3:ServiceUrl"] = Server.ServiceUrl,
        ["Storage:S3:Bucket"] = Bucket,
        ["Storage:S3:AccessKey"] = TestS3Server.AccessKey,
        ["Storage:S3:SecretKey"] = TestS3Server.SecretKey,
        // These tests are about where the bytes come from, not how long a page waits: a page's first worker calls (cold
        // JIT, views, EF models) can pass the 2 s read budget on a busy 2-core CI machine, and a 503 page has no player.
        ["WorkerClients:ReadTimeout"] = "00:00:20",
        ["WorkerClients:ReadAttemptTimeout"] = "00:00:15",
    };

    public override async Task InitializeAsync()
    {
        _server = await TestS3Server.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_server is not null) await _server.DisposeAsync();
    }

    /// <summary>The demo video (8 s of real MP4), as the site ships it.</summary>
    public static byte[] DemoVideo() => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Demo", "media", "demo-video.mp4"));

    /// <summary>
    /// A free published video in a new organization whose media is the demo video, put in the bucket under a fresh key:
    /// nothing of it is on local disk, so only the store can serve it.
    /// </summary>
    public async Task<(Organization Org, ContentItem Item, MediaItem Media)> VideoInStoreAsync()
    {
        var data = new TestData(this);
        var org = await data.OrganizationAsync();
        var creator = await data.UserAsync("S3 Creator");
        var bytes = DemoVideo();
        var media = new MediaItem
        {
            Id = Guid.NewGuid(), OrganizationId = org.Id, CreatorId = creator.Id, Kind = MediaKind.Video, Status = MediaStatus.Ready,
            StorageKey = $"media/{Guid.NewGuid():N}/demo-video.mp4", MimeType = "video/mp4", SizeBytes = bytes.Length, DurationSeconds = 8,
            OriginalFileName = "demo-video.mp4", CreatedAt = Base, UpdatedAt = Base,
        };
        await EnsureBucketAsync();
        using (var store = Store())
        {
            await store.PutObjectAsync(new PutObjectRequest
            {
                BucketName = Bucket, Key = media.StorageKey, InputStream = new MemoryStream(bytes), ContentType = media.MimeType,
                UseChunkEncoding = false,
            });
        }
        await using (var db = Db())
        {
            db.Media.Add(media);
            await db.SaveChangesAsync();
        }
        var item = await data.ContentAsync(org, creator, "Video in S3", ContentType.Video, body: null);
        await using (var db = Db())
        {
            db.Attach(item);
            item.MediaId = media.Id;
            await db.SaveChangesAsync();
        }
        return (org, item, media);
    }

    /// <summary>Creates this fixture's bucket the first time it is needed.</summary>
    public async Task EnsureBucketAsync()
    {
        await _bucketLock.WaitAsync();
        try
        {
            if (_bucketCreated) return;
            using var store = Store();
            await store.PutBucketAsync(Bucket);
            _bucketCreated = true;
        }
        finally
        {
            _bucketLock.Release();
        }
    }

    private readonly SemaphoreSlim _bucketLock = new(1, 1);

    /// <summary>A client of the store with the test's own credentials, for putting what the tests serve.</summary>
    private AmazonS3Client Store() => new(new BasicAWSCredentials(TestS3Server.AccessKey, TestS3Server.SecretKey), new AmazonS3Config
    {
        ServiceURL = Server.ServiceUrl, ForcePathStyle = true, AuthenticationRegion = "us-east-1",
        // s3rver predates the SDK's default CRC32 trailers (aws-chunked bodies): plain bodies, checksums only when required.
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });
}

[CollectionDefinition(Name)]
public sealed class S3Collection : ICollectionFixture<S3Fixture>
{
    public const string Name = "s3";
}
