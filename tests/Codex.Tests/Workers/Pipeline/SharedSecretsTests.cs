using Codex.Contracts;
using Codex.Host;
using Codex.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Codex.Tests.Workers.Pipeline;

/// <summary>
/// Issue 17, "secrets that must match": in a split deployment (Codex__Role not all) a worker that signs or checks with a
/// secret its replicas must share refuses to start without one, or with a short one, in one sentence naming the
/// variable and how to make a value; it never makes one up in its own data folder there (ADR 043).
/// </summary>
public sealed class SharedSecretsTests : IDisposable
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "codex-tests", "secrets-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dataPath, recursive: true); } catch (IOException) { }
    }

    private Task<CodexSystem> StartAsync(Role role, Dictionary<string, string?> extra)
    {
        TestLogging.EnsureConfigured();
        var settings = new Dictionary<string, string?>
        {
            ["Codex:Role"] = CodexSystem.RoleName(role),
            ["Codex:DataPath"] = _dataPath,
            [CodexSystem.InternalKeySetting] = new string('k', 64),
            // Never reached: the start stops before the database is touched.
            ["ConnectionStrings:Codex"] = TestDatabase.Unreachable(_dataPath),
            ["Codex:DatabaseWaitSeconds"] = "0",
        };
        foreach (var (key, value) in extra) settings[key] = value;
        return CodexSystem.StartAsync(new SystemOptions { Roles = [role], DynamicPorts = true, EnvironmentName = "Testing", Settings = settings });
    }

    [Theory]
    [InlineData(Role.ContentApi, "Media__SigningKey", "media-signing-key")]
    [InlineData(Role.EcomApi, "Stripe__WebhookSecret", "stripe-webhook-secret")]
    [InlineData(Role.MediaApi, "Media__CallbackSecret", "media-callback-secret")]
    public async Task ASplitWorker_WithoutItsSharedSecret_RefusesToStart_InOneSentence(Role role, string variable, string file)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(role, []));

        var sentence = Assert.Single(failure.Failures);
        Assert.StartsWith($"{variable} is not set; with Codex__Role={CodexSystem.RoleName(role)} every replica must be given the same value", sentence);
        Assert.Contains("openssl rand -hex 32", sentence);
        Assert.False(File.Exists(Path.Combine(_dataPath, file)), "nothing was generated into the data folder");
    }

    [Theory]
    [InlineData(Role.ContentApi, "Media:SigningKey", "Media__SigningKey")]
    [InlineData(Role.EcomApi, "Stripe:WebhookSecret", "Stripe__WebhookSecret")]
    [InlineData(Role.MediaApi, "Media:CallbackSecret", "Media__CallbackSecret")]
    public async Task ASplitWorker_WithAShortSharedSecret_RefusesToStart_InOneSentence(Role role, string key, string variable)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(role, new() { [key] = new string('s', 31) }));

        var sentence = Assert.Single(failure.Failures);
        Assert.StartsWith($"{variable} is too short (31 characters); with Codex__Role={CodexSystem.RoleName(role)} use", sentence);
        Assert.Contains("openssl rand -hex 32", sentence);
    }

    [Fact]
    public async Task ASplitWorker_WithItsSharedSecret_GetsPastTheCheck_ToTheDatabase()
    {
        // 32 characters will do: the start goes on and stops only at the (unreachable) database.
        await Assert.ThrowsAsync<DatabaseUnreachableException>(() => StartAsync(Role.ContentApi, new() { ["Media:SigningKey"] = new string('s', 32) }));
    }

    [Fact]
    public async Task AWorkerWithoutASecret_ThatNeedsNone_StartsSplitAsBefore_UpToTheDatabase()
    {
        await Assert.ThrowsAsync<DatabaseUnreachableException>(() => StartAsync(Role.Auth, []));
    }
}
