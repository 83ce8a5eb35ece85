using Microsoft.Extensions.Options;

namespace Codex.Workers.Pipeline;

/// <summary>
/// A secret every replica of a worker must hold alike: what one replica signs, another checks (ADR 043).
/// <paramref name="Key"/> is its configuration key; <paramref name="FileName"/> and <paramref name="Prefix"/> say how the
/// all-in-one host makes one for itself when it is unset (<see cref="DataSecrets"/>).
/// </summary>
public sealed record SharedSecret(string Key, string FileName, string Prefix, string HowToMake)
{
    /// <summary>The environment variable that sets it.</summary>
    public string Variable => Key.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>
    /// The configured value, or (all-in-one host only) one generated once into the data folder. In a split deployment
    /// (<see cref="CodexOptions.IsSplit"/>) a missing or short value throws: a replica that made its own would refuse
    /// what its peers signed.
    /// </summary>
    public string Resolve(string? configured, CodexOptions codex)
    {
        if (Problem(configured, codex) is { } problem) throw new OptionsValidationException(Variable, typeof(SharedSecret), [problem]);
        return configured is { Length: > 0 } ? configured : DataSecrets.GetOrCreate(codex.DataFolder, FileName, Prefix);
    }

    /// <summary>The sentence that stops a split deployment's start, or null when the value will do.</summary>
    public string? Problem(string? configured, CodexOptions codex)
    {
        if (!codex.IsSplit) return null;
        if (string.IsNullOrWhiteSpace(configured))
            return $"{Variable} is not set; with Codex__Role={codex.Role} every replica must be given the same value: {HowToMake}.";
        if (configured.Length < CodexOptionsValidator.MinimumKeyLength)
            return $"{Variable} is too short ({configured.Length} characters); with Codex__Role={codex.Role} use {HowToMake}.";
        return null;
    }
}

/// <summary>
/// The secrets that must match across replicas, and which worker needs which. <c>Codex__InternalKey</c>, which every
/// app needs, is checked with the other <c>Codex__</c> settings (<see cref="CodexOptionsValidator"/>).
/// </summary>
public static class SharedSecrets
{
    private const string Random = "32 or more random characters, made for example with `openssl rand -hex 32`";

    /// <summary>The HMAC key of the Content-API's signed streaming URLs.</summary>
    public static readonly SharedSecret MediaSigningKey = new("Media:SigningKey", "media-signing-key", "", Random);

    /// <summary>The key Stripe's (or the offline test checkout's) webhooks are signed with, checked by the Ecom-API.</summary>
    public static readonly SharedSecret StripeWebhookSecret = new("Stripe:WebhookSecret", "stripe-webhook-secret", "whsec_",
        "the signing secret of your Stripe webhook endpoint, or for the offline test checkout whsec_ followed by the output of `openssl rand -hex 32`");

    /// <summary>The HMAC key of the transcoding callback, shared by the Media-API and an external transcoder.</summary>
    public static readonly SharedSecret MediaCallbackSecret = new("Media:CallbackSecret", "media-callback-secret", "", Random);

    /// <summary>The secrets <paramref name="role"/> signs or checks with.</summary>
    public static IReadOnlyList<SharedSecret> NeededBy(Role role) => role switch
    {
        Role.ContentApi => [MediaSigningKey],
        Role.EcomApi => [StripeWebhookSecret],
        Role.MediaApi => [MediaCallbackSecret],
        _ => [],
    };

    /// <summary>
    /// Stops a split deployment's start, before the database is touched, when a worker it runs lacks one of its
    /// secrets: one sentence per problem, naming the variable and how to make a value.
    /// </summary>
    public static void CheckAtStart(IEnumerable<Role> roles, IConfiguration config)
    {
        var codex = config.GetCodexOptions();
        var problems = roles.SelectMany(NeededBy).Distinct()
            .Select(secret => secret.Problem(config[secret.Key], codex)).OfType<string>().ToList();
        if (problems.Count > 0) throw new OptionsValidationException(nameof(SharedSecrets), typeof(SharedSecret), problems);
    }
}
