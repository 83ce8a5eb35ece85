using System.Security.Cryptography;

namespace Codex.Workers.Pipeline;

/// <summary>
/// Secrets a fresh all-in-one install makes for itself (the test checkout's webhook secret, the media signing key): 256
/// random bits, written once into the data folder and read back by every later start. Never in a split deployment,
/// whose replicas each have their own folder: there <see cref="SharedSecrets"/> requires them configured.
/// </summary>
public static class DataSecrets
{
    public static string GetOrCreate(string dataPath, string fileName, string prefix = "")
    {
        var file = Path.Combine(dataPath, fileName);
        for (var attempt = 0; ; attempt++)
        {
            if (File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 0 } existing) return existing;
            Directory.CreateDirectory(dataPath);
            var secret = prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            try
            {
                // CreateNew: when two processes start at once, one writes and the other reads what it wrote.
                using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                using var writer = new StreamWriter(stream);
                writer.Write(secret);
                return secret;
            }
            catch (IOException) when (attempt < 5)
            {
                Thread.Sleep(50);
            }
        }
    }
}
