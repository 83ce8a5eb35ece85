using System.Net;
using Codex.Contracts;
using Codex.Contracts.Content;
using Codex.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Codex.Tests.Workers.ContentApi;

/// <summary>The Content-API with the default upload limit (2 GiB).</summary>
public sealed class LargeUploadFixture : SystemFixture
{
    protected override IReadOnlyList<Role> Roles => [Role.ContentApi];
}

/// <summary>Runs alone (no other collection at the same time), since it measures the process's allocations.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LargeUploadCollection : ICollectionFixture<LargeUploadFixture>
{
    public const string Name = "large-upload";
}

/// <summary>
/// The claim that an upload is streamed, never held in memory: 200 MB go through the worker (client and server in this
/// process) while the process allocates a small fraction of that, and the managed heap never grows by the file's size.
/// </summary>
[Collection(LargeUploadCollection.Name)]
public sealed class LargeUploadTests(LargeUploadFixture fixture, ITestOutputHelper output)
{
    private const long Size = 200L * 1024 * 1024;

    [Fact]
    public async Task Post_200MB_StreamsToDisk_AllocatingAFractionOfItsSize()
    {
        var data = new TestData(fixture);
        var org = await data.OrganizationAsync();
        var owner = await data.UserAsync();
        await data.MembershipAsync(org, owner, MemberRole.Owner);
        var cookie = await data.SessionCookieAsync(owner);
        var client = fixture.Client(Role.ContentApi);
        client.Timeout = TimeSpan.FromMinutes(5);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long peakHeap = heapBefore;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
                try { await Task.Delay(20, sampling.Token); } catch (OperationCanceledException) { }
            }
        });
        // A body of unknown length (chunked), so the size is found by counting as it streams.
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/media")
        {
            Content = MediaFiles.Form(org.Id, new StreamContent(new GeneratedFile(Size), 64 * 1024), "big.mp4"),
        };
        request.Headers.Add("Cookie", cookie);
        var started = DateTime.UtcNow;
        var response = await client.SendAsync(request);
        var elapsed = DateTime.UtcNow - started;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        await sampling.CancelAsync();
        await sampler;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dto = (await response.ReadAsync<DataEnvelope<MediaDto>>()).Data;
        Assert.Equal(Size, dto.SizeBytes);
        output.WriteLine($"200 MiB upload in {elapsed.TotalSeconds:0.0} s: allocated {allocated / 1048576.0:0.0} MiB in the whole process " +
            $"(client and worker), managed heap {heapBefore / 1048576.0:0.0} MiB before, peak {peakHeap / 1048576.0:0.0} MiB during");
        var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/media/{dto.Id}");
        delete.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(delete)).StatusCode);
        Assert.True(allocated < 64L * 1024 * 1024, $"allocated {allocated:N0} bytes for a {Size:N0}-byte upload");
        Assert.True(peakHeap - heapBefore < 100L * 1024 * 1024, $"the heap grew by {peakHeap - heapBefore:N0} bytes");
    }

    /// <summary>An MP4's first bytes, then zeros, to <paramref name="size"/> bytes, made as it is read.</summary>
    private sealed class GeneratedFile(long size) : Stream
    {
        private readonly byte[] _header = MediaFiles.Bytes("clip.mp4")[..64];
        private long _at;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, size - _at);
            buffer[..n].Clear();
            if (_at < _header.Length) _header.AsSpan((int)_at, Math.Min(n, _header.Length - (int)_at)).CopyTo(buffer);
            _at += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _at; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
