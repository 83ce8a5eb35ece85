using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Codex.Contracts;
using Codex.Contracts.Content;
using Codex.Tests.Infrastructure;
using Codex.Workers.Pipeline.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Codex.Tests.Workers.ContentApi;

/// <summary>
/// <see cref="S3MediaStore"/> against a real S3-compatible server (s3rver): a file of several parts by multipart
/// upload, nothing left by a failed one, and the upload route of a worker configured for S3.
/// </summary>
[Collection(S3Collection.Name)]
public sealed class S3MediaStoreTests(S3Fixture fixture)
{
    private const int PartSize = 5 * 1024 * 1024;

    private int _partsSent;

    /// <summary>A store on the test server that counts the parts it uploads.</summary>
    private S3MediaStore Store()
    {
        var client = Client();
        client.BeforeRequestEvent += (_, e) =>
        {
            if (e is WebServiceRequestEventArgs { Request: UploadPartRequest }) Interlocked.Increment(ref _partsSent);
        };
        return new S3MediaStore(client, fixture.Bucket, PartSize, NullLogger<S3MediaStore>.Instance);
    }

    private AmazonS3Client Client() => new S3StorageOptions
    {
        ServiceUrl = fixture.Server.ServiceUrl, Bucket = fixture.Bucket, AccessKey = TestS3Server.AccessKey, SecretKey = TestS3Server.SecretKey,
    }.CreateClient();

    private async Task<List<string>> KeysAsync(string prefix)
    {
        using var client = Client();
        var page = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = fixture.Bucket, Prefix = prefix });
        return (page.S3Objects ?? []).Select(o => o.Key).ToList();
    }

    private async Task<int> OpenMultipartUploadsAsync(string prefix)
    {
        using var client = Client();
        try
        {
            var uploads = await client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = fixture.Bucket, Prefix = prefix });
            return uploads.MultipartUploads?.Count ?? 0;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotImplemented || e.ErrorCode == "NotImplemented")
        {
            return 0; // a server that cannot list them; the bucket listing above still shows no object
        }
    }

    [Fact]
    public async Task Save_AFileOfThreeParts_ByMultipartUpload_ReadsBackWhole_AndDeletes()
    {
        await fixture.EnsureBucketAsync();
        var prefix = $"uploads/{Guid.NewGuid():N}";
        var key = $"{prefix}/source.mp4";
        var bytes = TestData.MediaBytes(2 * PartSize + 12_345);
        using var store = Store();

        var written = await store.SaveAsync(key, new MemoryStream(bytes), "video/mp4", default);

        Assert.Equal(bytes.Length, written);
        Assert.Equal(3, _partsSent);
        Assert.True(await store.ExistsAsync(key, default));
        using (var client = Client())
        {
            var head = await client.GetObjectMetadataAsync(fixture.Bucket, key);
            Assert.Equal(bytes.Length, head.ContentLength);
            Assert.Equal("video/mp4", head.Headers.ContentType);
        }
        await using (var lease = await store.GetLocalFileAsync(key, default))
        {
            Assert.Equal(bytes, await File.ReadAllBytesAsync(lease.Path));
            var path = lease.Path;
            await lease.DisposeAsync();
            Assert.False(File.Exists(path));
        }
        await store.DeleteFolderAsync(prefix, default);
        Assert.Empty(await KeysAsync(prefix));
        Assert.Null(await store.OpenReadAsync(key, default));
        Assert.False(await store.ExistsAsync(key, default));
    }

    [Fact]
    public async Task Save_ThatBreaksAfterTheFirstPart_AbortsTheUpload_AndLeavesNothing()
    {
        await fixture.EnsureBucketAsync();
        var prefix = $"uploads/{Guid.NewGuid():N}";
        using var store = Store();

        await Assert.ThrowsAsync<IOException>(() =>
            store.SaveAsync($"{prefix}/source.mp4", new BreakingStream(TestData.MediaBytes(PartSize + 1_000), breakAt: PartSize + 500), "video/mp4", default));

        Assert.Equal(1, _partsSent); // the first part was in the store before the body broke
        Assert.Empty(await KeysAsync(prefix));
        Assert.Equal(0, await OpenMultipartUploadsAsync(prefix));
    }

    [Fact]
    public async Task Post_ApiMedia_OnAWorkerWithS3_StoresInTheBucket_AndDeleteRemovesIt()
    {
        await fixture.EnsureBucketAsync();
        var data = new TestData(fixture);
        var org = await data.OrganizationAsync();
        var owner = await data.UserAsync();
        await data.MembershipAsync(org, owner, MemberRole.Owner);
        var cookie = await data.SessionCookieAsync(owner);
        var client = fixture.Client(Role.ContentApi);
        var bytes = MediaFiles.Bytes("clip.webm");

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/media") { Content = MediaFiles.Form(org.Id, bytes, "clip.webm") };
        request.Headers.Add("Cookie", cookie);
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dto = (await response.ReadAsync<DataEnvelope<MediaDto>>()).Data;
        Assert.Equal([$"uploads/{org.Id:N}/{dto.Id:N}/source.webm"], await KeysAsync($"uploads/{org.Id:N}/"));
        var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/media/{dto.Id}");
        delete.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(delete)).StatusCode);
        Assert.Empty(await KeysAsync($"uploads/{org.Id:N}/"));
        await using var db = fixture.Db();
        Assert.False(await db.Media.AnyAsync(m => m.Id == dto.Id));
    }

    /// <summary>A body that fails after some bytes, as a dropped connection does.</summary>
    private sealed class BreakingStream(byte[] bytes, int breakAt) : Stream
    {
        private int _at;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_at >= breakAt) throw new IOException("The connection was reset.");
            var n = Math.Min(count, Math.Min(bytes.Length, breakAt) - _at);
            Array.Copy(bytes, _at, buffer, offset, n);
            _at += n;
            return n;
        }

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
