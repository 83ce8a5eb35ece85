using Codex.ServiceDefaults;
using Codex.Workers.Pipeline.Storage;

namespace Codex.Tests.Workers.Pipeline;

/// <summary>The embedded media store on a real temporary folder: whole files or nothing, keys that stay inside.</summary>
public sealed class LocalMediaStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "codex-tests", "store-" + Guid.NewGuid().ToString("N"));
    private readonly LocalMediaStore _store;

    public LocalMediaStoreTests() => _store = new LocalMediaStore(new CodexOptions { DataPath = _folder });

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Save_Read_Delete_RoundTrip()
    {
        var bytes = Enumerable.Range(0, 300_000).Select(i => (byte)(i % 251)).ToArray();

        var written = await _store.SaveAsync("uploads/org/one/source.mp4", new MemoryStream(bytes), "video/mp4", default);

        Assert.Equal(bytes.Length, written);
        await using (var read = await _store.OpenReadAsync("uploads/org/one/source.mp4", default))
        {
            var copy = new MemoryStream();
            await read!.CopyToAsync(copy);
            Assert.Equal(bytes, copy.ToArray());
        }
        await using (var lease = await _store.GetLocalFileAsync("uploads/org/one/source.mp4", default))
            Assert.Equal(Path.Combine(_folder, "media", "uploads", "org", "one", "source.mp4"), lease.Path);
        await _store.DeleteAsync("uploads/org/one/source.mp4", default);
        Assert.False(await _store.ExistsAsync("uploads/org/one/source.mp4", default));
        Assert.Null(await _store.OpenReadAsync("uploads/org/one/source.mp4", default));
        await _store.DeleteAsync("uploads/org/one/source.mp4", default); // twice is fine
    }

    [Fact]
    public async Task Save_ThatBreaksHalfway_LeavesNothing_NotEvenAPartialFile()
    {
        var broken = new BreakingStream(after: 100_000);

        await Assert.ThrowsAsync<IOException>(() => _store.SaveAsync("uploads/org/two/source.mp4", broken, "video/mp4", default));

        Assert.False(await _store.ExistsAsync("uploads/org/two/source.mp4", default));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_folder, "media"), "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("../outside.mp4")]
    [InlineData("uploads/../../outside.mp4")]
    [InlineData("/etc/passwd")]
    [InlineData("uploads\\x.mp4")]
    [InlineData("uploads//x.mp4")]
    [InlineData("")]
    public async Task Keys_ThatLeaveTheStore_AreRefused(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.SaveAsync(key, new MemoryStream([1]), "video/mp4", default));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.OpenReadAsync(key, default));
    }

    /// <summary>A body that fails after some bytes, as a dropped connection does.</summary>
    private sealed class BreakingStream(int after) : Stream
    {
        private int _sent;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_sent >= after) throw new IOException("The connection was reset.");
            var n = Math.Min(count, after - _sent);
            _sent += n;
            return n;
        }

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
