#!/usr/bin/env ruby
# frozen_string_literal: true

# check-client driver for fog-aliyun 0.3.2 (Debian's ruby-fog-aliyun), through its compute service:
# compute.create_snapshot(disk_id, name:, description:). fog-aliyun sends only DiskId, SnapshotName and
# Description, V1 GET, and cannot ask for XML. The endpoint goes in through the `aliyun_url` option. It
# answers a call per line until stdin ends (so check-client can run it with --persistent), each call with a
# compute service made for the call's endpoint (ECS_ENDPOINT when the call has none).
#
#   ruby examples/drivers/ruby-fog-aliyun/driver.rb           as Debian 12 ships it (on Ruby 3 it sends nothing)
#   ruby examples/drivers/ruby-fog-aliyun/driver.rb --shim    with the URI.encode shim below
require 'json'
require 'uri'

if ARGV.include?('--shim')
  # ---- SHIM for fog-aliyun 0.3.2 on Ruby 3 ------------------------------------------------------------
  # fog-aliyun signs with URI.encode(str, unsafe), which Ruby 3.0 removed (it was URI.escape, obsolete since
  # Ruby 2.7), so every call raises NoMethodError before anything is sent. This defines URI.encode as Ruby
  # 2.7 had it: URI::DEFAULT_PARSER.escape(str, unsafe), which Ruby 3.1 still ships (each character matched
  # by `unsafe`, a character-class string or a Regexp, becomes %XX per byte). It changes nothing else: no
  # fog-aliyun code is touched, and the bytes fog-aliyun sends are the ones it sent on Ruby 2.7, raw spaces
  # in the request line included (fog-aliyun never escapes the values it puts in its URL).
  unless URI.respond_to?(:encode)
    def URI.encode(str, unsafe = URI::DEFAULT_PARSER.regexp[:UNSAFE])
      URI::DEFAULT_PARSER.escape(str, unsafe)
    end
  end
  # -------------------------------------------------------------------------------------------------------
end

require 'fog/aliyun'

# One line per result, out at once: a pipe would otherwise hold it until the driver ends.
$stdout.sync = true

# A caller gets the body decoded only when the Content-Type is exactly application/json; the service says
# application/json;charset=utf-8, so the body comes back as text, and a caller parses it, as here.
def decoded(body)
  return body if body.is_a?(Hash)

  JSON.parse(body.to_s)
rescue JSON::ParserError
  {}
end

def answer(call)
  input = call['input']
  compute = Fog::Compute.new(
    provider: 'aliyun',
    aliyun_url: call['endpoint'] || ENV.fetch('ECS_ENDPOINT'),
    aliyun_accesskey_id: ENV.fetch('ECS_ACCESS_KEY_ID'),
    aliyun_accesskey_secret: ENV.fetch('ECS_ACCESS_KEY_SECRET'),
    aliyun_region_id: 'cn-hangzhou',
    aliyun_zone_id: 'cn-hangzhou-b'
  )
  options = {}
  options[:name] = input['snapshotName'] if input.key?('snapshotName')
  options[:description] = input['description'] if input.key?('description')
  # fog-aliyun appends the DiskId to its URL as a string: an absent one is sent empty.
  response = compute.create_snapshot(input['diskId'].to_s, options)
  body = decoded(response.body)
  { ok: true, snapshotId: body['SnapshotId'], requestId: body['RequestId'] }
rescue Fog::Compute::Aliyun::NotFound => e
  # fog turns a 404 into its NotFound, keeping only a message: no code, no RequestId; the class says 404.
  { ok: false, code: nil, httpStatus: 404, requestId: nil, error: "#{e.class}: #{e.message.lines.first&.strip}" }
rescue Excon::Error::HTTPStatus => e
  body = decoded(e.response.body)
  { ok: false, code: body['Code'], httpStatus: e.response.status, requestId: body['RequestId'],
    error: "#{e.class}: #{e.message.lines.first&.strip}" }
rescue StandardError, ScriptError => e
  { ok: false, code: nil, httpStatus: nil, error: "#{e.class}: #{e.message.lines.first&.strip}" }
end

$stdin.each_line do |line|
  next if line.strip.empty?

  result = begin
    answer(JSON.parse(line))
  rescue JSON::ParserError => e
    { ok: false, code: nil, httpStatus: nil, error: "cannot read the call: #{e.message.lines.first&.strip}" }
  end
  $stdout.puts(JSON.generate(result))
end
